import { ParleyError, type Message } from '@parley/core';
import { authCookie, clearedAuthCookie } from '../auth/auth-cookie.js';
import { readToken } from '../auth/read-token.js';
import { wire } from '../socket/socket-protocol.js';
import { HANDLED, defineRoute, type Route } from './define-route.js';
import { REQUIREMENTS_ROUTES } from './requirements-routes.js';
import { SEARCH_ROUTES } from './search-routes.js';
import { MEMORY_ROUTES } from './memory-routes.js';
import { streamTurn } from './stream-turn.js';

/**
 * The handler of every REST route of Parley (`ROUTES` in `@parley/protocol`, docs/protocol.md);
 * handlers only call the core, with the body and query the protocol's schemas parsed.
 */
export const PARLEY_ROUTES: readonly Route[] = [
  defineRoute('register', async ({ parley, body }) => ({
    data: wire({ user: await parley.auth.register(body) }),
  })),
  defineRoute('login', async ({ parley, body, res, settings }) => {
    const { user, token, expiresAt } = await parley.auth.login(body);
    res.append('Set-Cookie', authCookie(token, expiresAt, parley.clock.now(), settings.secureCookie));
    return { data: wire({ user, token, expiresAt }) };
  }),
  defineRoute('logout', async ({ parley, req, res, settings }) => {
    await parley.auth.revoke(readToken(req.headers));
    res.append('Set-Cookie', clearedAuthCookie(settings.secureCookie));
    return { data: { loggedOut: true } };
  }),
  defineRoute('me', async ({ user }) => ({ data: wire({ user }) })),
  defineRoute('createSession', async ({ parley, user, body }) => ({
    data: wire({ session: await parley.sessions.create(user.id, body) }),
  })),
  defineRoute('listSessions', async ({ parley, user, query }) => ({
    data: wire({ sessions: await parley.sessions.list(user.id, query) }),
  })),
  defineRoute('getSession', async ({ parley, user, params }) => ({
    data: wire({ session: await parley.sessions.get(user.id, params.id) }),
  })),
  defineRoute('closeSession', async ({ parley, user, params }) => ({
    data: wire({ session: await parley.sessions.close(user.id, params.id) }),
  })),
  defineRoute('restoreSession', async ({ parley, user, params }) => ({
    data: wire({ session: await parley.sessions.restore(user.id, params.id) }),
  })),
  defineRoute('history', async ({ parley, user, params, query }) => ({
    data: wire(await parley.conversation.history(user.id, params.id, query)),
  })),
  defineRoute('sendMessage', async ({ parley, user, params, body, req, res }) => {
    const sessionId = params.id;
    if ((req.headers.accept ?? '').includes('text/event-stream')) {
      await streamTurn(parley, { user, sessionId, content: body.content, res });
      return HANDLED;
    }
    const turn = await parley.chat.send({ userId: user.id, sessionId, content: body.content });
    let message: Message | undefined;
    let answer: Message | null = null;
    for await (const event of turn.events) {
      if (event.type === 'message_received') message = event.message;
      if (event.type === 'assistant_end') answer = event.message;
      if (event.type === 'assistant_error') {
        throw new ParleyError(event.error.code, event.error.message, {
          turnId: turn.id,
          answer: event.message,
        });
      }
    }
    if (!message) throw new ParleyError('INTERNAL', 'The turn ended without its message.');
    return { data: wire({ turnId: turn.id, message, answer }) };
  }),
  defineRoute('exportSession', async ({ parley, user, params, query, res }) => {
    const document = await parley.conversation.export(user.id, params.id, query.format);
    res
      .type(query.format === 'md' ? 'text/markdown; charset=utf-8' : 'application/json; charset=utf-8')
      .attachment(`parley-${params.id}.${query.format}`)
      .send(document);
    return HANDLED;
  }),
  defineRoute('openapi', async ({ req, res, settings }) => {
    res.json(settings.openapi(req.baseUrl));
    return HANDLED;
  }),
  ...REQUIREMENTS_ROUTES,
  ...SEARCH_ROUTES,
  ...MEMORY_ROUTES,
];
