import request from 'supertest';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  describeWithRedisServer,
  startDisposableRedis,
  type DisposableRedis,
} from '../../../core/test/support/disposable-redis.js';
import { call, collectTurn } from '../support/socket-helpers.js';
import { startTestServer, type ClientSocket, type TestServer } from '../support/test-server.js';
import { postStreaming } from './support/sse-reader.js';

describeWithRedisServer('Redis stopped mid-run, through the server (issue 13, R2.4, R12.3)', () => {
  let redis: DisposableRedis;
  let t: TestServer;
  let token: string;
  let socket: ClientSocket;
  const bearer = { type: 'bearer' } as const;

  beforeEach(async () => {
    // A Redis of the test's own, on its own port, for the cache, the rate limits and the revocations.
    redis = await startDisposableRedis();
    t = await startTestServer({
      config: { redis: { url: redis.url }, retrieval: { enabled: false, embeddings: 'off' } },
      server: { redis: redis.url },
    });
    ({ token } = await t.login());
    socket = await t.socket(token);
  });
  afterEach(async () => {
    await t.close();
    await redis.stop();
  });

  const newSession = async () =>
    (await request(t.url).post('/api/v1/sessions').auth(token, bearer).expect(201)).body.data.session
      .id as string;
  const readiness = async () => {
    t.clock.advance(6_000); // past the readiness cache
    const res = await request(t.url).get('/health/ready');
    return {
      code: res.status,
      status: res.body.status as string,
      cache: res.body.checks?.cache?.status as string,
    };
  };
  const socketTurn = async (sessionId: string, content: string) => {
    const turn = collectTurn(socket);
    expect(await call(socket, 'send_message', { sessionId, content })).toMatchObject({ ok: true });
    return turn;
  };
  const history = async (sessionId: string) =>
    (
      await request(t.url)
        .get(`/api/v1/sessions/${sessionId}/messages?order=asc`)
        .auth(token, bearer)
        .expect(200)
    ).body.data.messages.map((m: { role: string; content: string; status: string }) => [
      m.role,
      m.content,
      m.status,
    ]);

  it('chats on from the database while Redis is down, reports degraded, and recovers by itself', async () => {
    const sessionId = await newSession();
    expect(await call(socket, 'join_session', { sessionId })).toMatchObject({ ok: true });
    t.answer({ text: 'Before the outage.' });
    expect((await socketTurn(sessionId, 'one')).end).toMatchObject({ message: { status: 'complete' } });
    expect(await readiness()).toMatchObject({ code: 200, status: 'up', cache: 'up' });
    // A read fills the cache (after-turn jobs may have dropped the entry since the answer).
    await request(t.url).get(`/api/v1/sessions/${sessionId}`).auth(token, bearer).expect(200);
    expect(await t.parley.internal.cache.get(`session:${sessionId}`)).toBeDefined();

    await redis.stop();
    t.answer({ text: 'During the outage.' });
    // Socket, JSON and SSE turns, a new session and history, all from the database.
    expect((await socketTurn(sessionId, 'two')).end).toMatchObject({
      message: { content: 'During the outage.', status: 'complete' },
    });
    const json = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/messages`)
      .auth(token, bearer)
      .send({ content: 'three' });
    expect(json.status).toBe(201);
    const other = await newSession();
    const sse = await postStreaming(t.url, token, other, 'four');
    expect(sse.status).toBe(200);
    await sse.ended;
    expect(sse.events.at(-1)).toMatchObject({
      event: 'assistant_end',
      data: { message: { status: 'complete' } },
    });
    expect(await readiness()).toMatchObject({ code: 200, status: 'degraded', cache: 'degraded' });

    await redis.start();
    await expect.poll(async () => (await readiness()).status, { timeout: 10_000 }).toBe('up');
    await expect
      .poll(
        async () => {
          await request(t.url).get(`/api/v1/sessions/${sessionId}`).auth(token, bearer).expect(200);
          return t.parley.internal.cache.get(`session:${sessionId}`);
        },
        { timeout: 10_000 },
      )
      .toBeDefined();
    t.answer({ text: 'After the outage.' });
    expect((await socketTurn(sessionId, 'five')).end).toMatchObject({ message: { status: 'complete' } });

    expect(await history(sessionId)).toEqual([
      ['user', 'one', 'complete'],
      ['assistant', 'Before the outage.', 'complete'],
      ['user', 'two', 'complete'],
      ['assistant', 'During the outage.', 'complete'],
      ['user', 'three', 'complete'],
      ['assistant', 'During the outage.', 'complete'],
      ['user', 'five', 'complete'],
      ['assistant', 'After the outage.', 'complete'],
    ]);
    expect(await history(other)).toEqual([
      ['user', 'four', 'complete'],
      ['assistant', 'During the outage.', 'complete'],
    ]);
  });
});
