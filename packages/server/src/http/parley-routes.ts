import { ParleyError, type Message } from '@parley/core';
import { type HistoryQuery, type SessionListQuery } from '@parley/core/types';
import { z } from 'zod';
import { authCookie, clearedAuthCookie } from '../auth/auth-cookie.js';
import { readToken } from '../auth/read-token.js';
import { HANDLED, defineRoute, type Route } from './define-route.js';
import { REQUIREMENTS_ROUTES } from './requirements-routes.js';
import { SEARCH_ROUTES } from './search-routes.js';
import { MEMORY_ROUTES } from './memory-routes.js';
import { streamTurn } from './stream-turn.js';

const text = z.string();
const registerBody = z.object({ email: text, password: text, displayName: text.optional() });
const loginBody = z.object({ email: text, password: text });
const newSessionBody = z.object({ title: text.optional() });
const sendBody = z.object({ content: text });
const exportQuery = z.object({ format: z.enum(['md', 'json']).default('md') });

/**
 * Every REST route of Parley (docs/protocol.md), declared once; handlers only call the core. Query
 * strings of listings go to the core as they came: it validates them and names the bad field.
 */
export const PARLEY_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'post',
    path: '/auth/register',
    auth: false,
    ownAuth: true,
    body: registerBody,
    handle: async ({ parley, body }) => ({ status: 201, data: { user: await parley.auth.register(body) } }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    auth: false,
    ownAuth: true,
    body: loginBody,
    handle: async ({ parley, body, res, settings }) => {
      const { user, token, expiresAt } = await parley.auth.login(body);
      res.append('Set-Cookie', authCookie(token, expiresAt, parley.clock.now(), settings.secureCookie));
      return { data: { user, token, expiresAt } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    auth: false,
    ownAuth: true,
    handle: async ({ parley, req, res, settings }) => {
      await parley.auth.revoke(readToken(req.headers));
      res.append('Set-Cookie', clearedAuthCookie(settings.secureCookie));
      return { data: { loggedOut: true } };
    },
  }),
  defineRoute({ method: 'get', path: '/me', auth: true, handle: async ({ user }) => ({ data: { user } }) }),
  defineRoute({
    method: 'post',
    path: '/sessions',
    auth: true,
    body: newSessionBody,
    handle: async ({ parley, user, body }) => ({
      status: 201,
      data: { session: await parley.sessions.create(user.id, body) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/sessions',
    auth: true,
    handle: async ({ parley, user, req }) => ({
      data: { sessions: await parley.sessions.list(user.id, req.query as SessionListQuery) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/sessions/:id',
    auth: true,
    handle: async ({ parley, user, params }) => ({
      data: { session: await parley.sessions.get(user.id, params.id!) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/sessions/:id/close',
    auth: true,
    handle: async ({ parley, user, params }) => ({
      data: { session: await parley.sessions.close(user.id, params.id!) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/sessions/:id/restore',
    auth: true,
    handle: async ({ parley, user, params }) => ({
      data: { session: await parley.sessions.restore(user.id, params.id!) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/sessions/:id/messages',
    auth: true,
    handle: async ({ parley, user, params, req }) => ({
      data: await parley.conversation.history(user.id, params.id!, req.query as HistoryQuery),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/sessions/:id/messages',
    auth: true,
    body: sendBody,
    handle: async ({ parley, user, params, body, req, res }) => {
      const sessionId = params.id!;
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
      return { status: 201, data: { turnId: turn.id, message, answer } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/sessions/:id/export',
    auth: true,
    query: exportQuery,
    handle: async ({ parley, user, params, query, res }) => {
      const document = await parley.conversation.export(user.id, params.id!, query.format);
      res
        .type(query.format === 'md' ? 'text/markdown; charset=utf-8' : 'application/json; charset=utf-8')
        .attachment(`parley-${params.id}.${query.format}`)
        .send(document);
      return HANDLED;
    },
  }),
  ...REQUIREMENTS_ROUTES,
  ...SEARCH_ROUTES,
  ...MEMORY_ROUTES,
];
