import {
  keptResultSchema,
  memoryItemSchema,
  messageSchema,
  requirementsVersionSchema,
  requirementsViewSchema,
  searchRunSchema,
  sessionSchema,
  userSchema,
} from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyClient, ParleyClientError } from '../src/index.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { clientOf, closedPort, loggedIn } from './support.js';

const SALARY_PAGE = {
  title: 'Senior Go Engineer salaries in Berlin',
  url: 'https://pay.example.com/go/berlin',
  content: 'Senior Go engineers in Berlin earn €85k–€105k; Kubernetes and PostgreSQL are common asks.',
  score: 0.9,
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ search: true });
});
afterAll(async () => t.close());

describe('@parley/client over REST, against a real server', () => {
  it('registers, logs in, reads the user and logs out; bad credentials and tokens keep their codes', async () => {
    const client = clientOf(t);
    const email = `ada-${crypto.randomUUID()}@example.com`;
    const user = userSchema.parse(await client.auth.register({ email, password: 'correct horse battery' }));
    await expect(client.auth.register({ email, password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    await expect(client.auth.login({ email, password: 'wrong password' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(client.auth.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    const login = await client.auth.login({ email, password: 'correct horse battery' });
    expect(login.user).toEqual(user);
    expect(client.token).toBe(login.token);
    expect(await client.auth.me()).toEqual(user);

    await client.auth.logout();
    expect(client.token).toBeUndefined();
    const stale = clientOf(t, login.token);
    const error = await stale.auth.me().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ParleyClientError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('creates, lists, reads, closes and restores sessions; names the bad field and hides other users', async () => {
    const client = await loggedIn(t);
    const other = await loggedIn(t, 'other');
    const session = sessionSchema.parse(await client.sessions.create({ title: 'Hiring' }));
    expect(session).toMatchObject({ title: 'Hiring', status: 'active' });
    expect(await client.sessions.get(session.id)).toEqual(session);
    expect((await client.sessions.list()).map((s) => s.id)).toEqual([session.id]);
    await expect(other.sessions.get(session.id)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(client.sessions.list({ limit: 0 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'limit' },
    });

    expect(await client.sessions.close(session.id)).toMatchObject({ status: 'closed' });
    expect((await client.sessions.list({ status: 'closed' })).map((s) => s.id)).toEqual([session.id]);
    await expect(client.sessions.restore(session.id)).rejects.toMatchObject({ code: 'SESSION_CLOSED' });
    expect(await client.sessions.get(session.id)).toMatchObject({ status: 'closed' });
  });

  it('pages history and exports the conversation', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    for (const content of ['first', 'second']) await (await client.send(session.id, content)).done;
    const newest = await client.sessions.history(session.id, { limit: 2 });
    expect(newest.messages.map((m) => messageSchema.parse(m).seq)).toEqual([4, 3]);
    expect(newest.next).toEqual({ before: 3 });
    const older = await client.sessions.history(session.id, { ...newest.next, limit: 2 });
    expect(older.messages.map((m) => [m.seq, m.role, m.content])).toEqual([
      [2, 'assistant', expect.any(String)],
      [1, 'user', 'first'],
    ]);

    expect(await client.sessions.export(session.id)).toContain('second');
    const json = JSON.parse(await client.sessions.export(session.id, 'json')) as { messages: unknown[] };
    expect(json.messages).toHaveLength(4);
    await expect(client.sessions.export('no-such-session')).rejects.toMatchObject({
      code: 'SESSION_NOT_FOUND',
    });
    client.close();
  });

  it('reads, edits (with a version), lists versions of and dismisses questions of the requirements', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    const empty = requirementsViewSchema.parse(await client.requirements.get(session.id));
    expect(empty.version).toBe(0);

    const edited = await client.requirements.edit(session.id, { version: 0, set: { title: 'Go engineer' } });
    expect(edited.profile).toMatchObject({ title: { value: 'Go engineer', provenance: { source: 'user' } } });
    await expect(
      client.requirements.edit(session.id, { version: 0, set: { title: 'Rust engineer' } }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: edited.version } });
    await expect(
      client.requirements.edit(session.id, { version: edited.version, set: { nope: 1 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await client.requirements.get(session.id)).toEqual(edited);

    const versions = await client.requirements.versions(session.id);
    expect(versions.map((v) => requirementsVersionSchema.parse(v).version)).toEqual([edited.version]);

    const question = edited.questions.find((q) => q.state === 'open') as { id: string } | undefined;
    expect(question).toBeDefined();
    const dismissed = await client.requirements.dismiss(session.id, question!.id);
    expect(dismissed.questions.find((q) => q.id === question!.id)).toMatchObject({ state: 'dismissed' });
    await expect(client.requirements.dismiss(session.id, 'missing:nothing')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('runs, lists and keeps searches', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    t.stub.scriptSearch(() => ({ results: [SALARY_PAGE] }));
    const search = searchRunSchema.parse(
      await client.search.run(session.id, { intent: 'general', query: 'go salaries berlin' }),
    );
    expect(search.results.map((r) => r.url)).toEqual([SALARY_PAGE.url]);
    expect((await client.search.list(session.id)).map((s) => s.id)).toEqual([search.id]);
    const kept = keptResultSchema.parse(await client.search.keep(session.id, search.id, SALARY_PAGE.url));
    expect(kept).toMatchObject({ searchId: search.id, url: SALARY_PAGE.url });
    expect(await client.search.kept(session.id)).toEqual([kept]);
    await expect(
      client.search.keep(session.id, search.id, 'https://elsewhere.example.com/'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(client.search.run(session.id, { intent: 'nonsense' as 'general' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'intent' },
    });
  });

  it('lists, edits, forgets and switches off memory', async () => {
    const client = await loggedIn(t);
    const { id: userId } = await client.auth.me();
    await t.parley.memory.remember(
      userId,
      [
        { kind: 'preference', key: 'currency', value: 'EUR' },
        { kind: 'fact', key: 'note:stack', value: 'our stack is Elixir' },
      ],
      { sessionId: null, messageId: null },
    );
    const { items, personalization } = await client.memory.list();
    expect(personalization).toBe(true);
    const currency = memoryItemSchema.parse(items.find((item) => item.key === 'currency'));
    expect(await client.memory.edit(currency.id, 'USD')).toMatchObject({ id: currency.id, value: 'USD' });
    await client.memory.forget(currency.id);
    await expect(client.memory.forget(currency.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await client.memory.setPersonalization(false)).toBe(false);
    expect(await client.memory.list()).toMatchObject({
      personalization: false,
      items: [{ key: 'note:stack' }],
    });
    expect(await client.memory.forgetAll()).toBe(1);
    expect((await client.memory.list()).items).toEqual([]);
  });
});

describe('@parley/client without a server', () => {
  it('reports SERVER_UNAVAILABLE for REST calls and for the socket', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;
    const client = createParleyClient({
      baseUrl,
      token: 'a-token',
      socket: { transports: ['websocket'], reconnection: false },
    });
    const rest = await client.auth.login({ email: 'a@example.com', password: 'x' }).catch((e: unknown) => e);
    expect(rest).toMatchObject({ code: 'SERVER_UNAVAILABLE' });
    expect((rest as Error).message).toMatch(/^The Parley server at http:\/\/127\.0\.0\.1:\d+ is unavailable/);
    await expect(client.join('a-session')).rejects.toMatchObject({ code: 'SERVER_UNAVAILABLE' });
    client.close();
  });
});
