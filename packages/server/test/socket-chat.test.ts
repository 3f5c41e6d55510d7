import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionRoom } from '../src/index.js';
import { call, collectTurn, eventually, next } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;

async function newSession(token: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return res.body.data.session.id;
}

/** The acks of `count` events sent at once from one socket of a new user, about a session of theirs. */
async function burstOfEvents(count: number) {
  const { token } = await t.login();
  const sessionId = await newSession(token);
  const socket = await t.socket(token);
  return Promise.all(Array.from({ length: count }, () => call(socket, 'get_session_info', { sessionId })));
}

describe('Socket.IO chat', () => {
  beforeEach(async () => {
    t = await startTestServer({
      server: { rateLimit: { socketPerUser: { points: 20, durationSeconds: 60 } } },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses a handshake without a token, with a bad token, and from a foreign origin', async () => {
    const { token } = await t.login();
    await expect(t.socket('')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    await expect(t.socket('forged.token.value')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    await expect(t.socket(token, { extraHeaders: { origin: 'https://evil.example' } })).rejects.toMatchObject(
      {
        data: { code: 'FORBIDDEN_ORIGIN' },
      },
    );
    const same = await t.socket(token, { extraHeaders: { origin: t.url } });
    expect(same.connected).toBe(true);
  });

  it('authenticates the handshake by cookie and by Bearer header', async () => {
    const { token, cookie } = await t.login();
    const byCookie = await t.socket('', { extraHeaders: { cookie } });
    const byBearer = await t.socket('', { extraHeaders: { authorization: `Bearer ${token}` } });
    expect([byCookie.connected, byBearer.connected]).toEqual([true, true]);
  });

  it("answers SESSION_NOT_FOUND when joining or writing to another user's session", async () => {
    const owner = await t.login();
    const intruder = await t.login();
    const sessionId = await newSession(owner.token);
    const socket = await t.socket(intruder.token);
    expect(await call(socket, 'join_session', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_FOUND' },
    });
    expect(await call(socket, 'send_message', { sessionId, content: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_FOUND' },
    });
    expect(await call(socket, 'get_session_info', { sessionId })).toMatchObject({
      error: { code: 'SESSION_NOT_FOUND' },
    });
  });

  it('login → create → join → send → chunks → end → history shows both messages', async () => {
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    const joined = await call(socket, 'join_session', { sessionId });
    expect(joined).toMatchObject({
      ok: true,
      data: { session: { id: sessionId, status: 'active' }, messages: [] },
    });

    t.answer({ text: 'What seniority do you need?', chunkCount: 4 });
    const turn = collectTurn(socket);
    const ack = await call(socket, 'send_message', { sessionId, content: 'A data engineer' });
    expect(ack).toEqual({ ok: true, data: { turnId: expect.any(String), position: 0 } });
    const { events, text, end } = await turn;
    expect(events).toEqual([
      'message_received',
      'assistant_start',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_end',
    ]);
    expect(text).toBe('What seniority do you need?');
    expect(end).toMatchObject({
      sessionId,
      message: { role: 'assistant', content: text, status: 'complete' },
    });

    const history = await request(t.url)
      .get(`/api/v1/sessions/${sessionId}/messages?order=asc`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(
      history.body.data.messages.map((m: { role: string; content: string }) => [m.role, m.content]),
    ).toEqual([
      ['user', 'A data engineer'],
      ['assistant', 'What seniority do you need?'],
    ]);
    const rejoined = await call(socket, 'join_session', { sessionId });
    expect(rejoined.ok && rejoined.data.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('streams to two sockets of one user, once each, and relays typing to the other only', async () => {
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const first = await t.socket(token);
    const second = await t.socket(token);
    await call(first, 'join_session', { sessionId });
    await call(second, 'join_session', { sessionId });

    const typing = next(second, 'typing');
    let echoed = false;
    first.on('typing', () => (echoed = true));
    expect(await call(first, 'typing', { sessionId, typing: true })).toEqual({
      ok: true,
      data: { sessionId },
    });
    expect(await typing).toMatchObject({ sessionId, typing: true });

    t.answer({ text: 'one two three', chunkCount: 3 });
    const turns = [collectTurn(first), collectTurn(second)];
    await call(first, 'send_message', { sessionId, content: 'hello' });
    const [a, b] = await Promise.all(turns);
    expect(a!.events).toEqual(b!.events);
    expect(a!.events.filter((e) => e === 'assistant_chunk')).toHaveLength(3);
    expect([a!.text, b!.text]).toEqual(['one two three', 'one two three']);
    expect(echoed).toBe(false);
  });

  it('stores the complete answer when the only socket disconnects mid-stream', async () => {
    const { token, userId } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    await call(socket, 'join_session', { sessionId });
    t.answer({ text: 'alpha beta gamma delta epsilon', chunkCount: 5, chunkDelayMs: 40 });
    const firstChunk = next(socket, 'assistant_chunk');
    await call(socket, 'send_message', { sessionId, content: 'go' });
    await firstChunk;
    socket.disconnect();

    const answer = await eventually(async () => {
      const page = await t.parley.conversation.history(userId, sessionId);
      return page.messages.find((m) => m.role === 'assistant');
    });
    expect(answer).toMatchObject({ content: 'alpha beta gamma delta epsilon', status: 'complete' });
  });

  it('subscribes nothing for sockets that disconnect while their join is being checked', async () => {
    const { token } = await t.login();
    const sessionId = await newSession(token);
    let subscriptions = 0;
    const subscribe = t.parley.chat.subscribe.bind(t.parley.chat);
    vi.spyOn(t.parley.chat, 'subscribe').mockImplementation((id, listener) => {
      subscriptions += 1;
      const stop = subscribe(id, listener);
      return () => {
        subscriptions -= 1;
        stop();
      };
    });
    const touch = t.parley.sessions.touch.bind(t.parley.sessions);
    const nsp = t.server.io.of('/');
    vi.spyOn(t.parley.sessions, 'touch').mockImplementation(async (...args) => {
      await eventually(async () => (nsp.sockets.size === 0 ? true : undefined));
      return touch(...args);
    });
    for (let i = 0; i < 3; i += 1) {
      const socket = await t.socket(token);
      socket.emit('join_session', { sessionId }, () => undefined);
      socket.disconnect();
    }
    const events = t.server.metrics.registry.getSingleMetric('parley_socket_events_total')!;
    await eventually(async () => {
      const { values } = await events.get();
      const joins = values.find((v) => v.labels.event === 'join_session' && v.labels.outcome === 'ok');
      return joins?.value === 3 ? true : undefined;
    });
    expect(subscriptions).toBe(0);
    expect(nsp.adapter.rooms.has(sessionRoom(sessionId))).toBe(false);
  });

  it("cancel_turn stops the owner's running answer, stored as incomplete; others get SESSION_NOT_FOUND", async () => {
    const owner = await t.login();
    const intruder = await t.login();
    const sessionId = await newSession(owner.token);
    const socket = await t.socket(owner.token);
    const other = await t.socket(intruder.token);
    await call(socket, 'join_session', { sessionId });
    t.answer({ text: 'alpha beta gamma delta epsilon', chunkCount: 5, chunkDelayMs: 150 });
    const firstChunk = next(socket, 'assistant_chunk');
    const turn = collectTurn(socket);
    const ack = await call(socket, 'send_message', { sessionId, content: 'go' });
    const turnId = ack.ok ? ack.data.turnId : '';
    const chunk = await firstChunk;

    expect(await call(other, 'cancel_turn', { sessionId, turnId })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_FOUND' },
    });
    expect(await call(socket, 'cancel_turn', { sessionId, turnId })).toEqual({
      ok: true,
      data: { cancelled: true },
    });
    const { events, end } = await turn;
    expect(events.at(-1)).toBe('assistant_error');
    expect(end).toMatchObject({ turnId, error: { code: 'CANCELLED' }, message: { status: 'incomplete' } });
    expect(await call(socket, 'cancel_turn', { sessionId, turnId })).toEqual({
      ok: true,
      data: { cancelled: false },
    });

    const history = await t.parley.conversation.history(owner.userId, sessionId, { order: 'asc' });
    const answer = history.messages.find((m) => m.role === 'assistant');
    expect(answer).toMatchObject({ status: 'incomplete' });
    expect(answer!.content.startsWith(chunk.text)).toBe(true);
    expect(answer!.content).not.toBe('alpha beta gamma delta epsilon');
  });

  it('answers unknown events and malformed payloads with VALIDATION_FAILED', async () => {
    const { token } = await t.login();
    const socket = await t.socket(token);
    const error = next(socket, 'error');
    (socket.emit as (event: string, payload: unknown) => void)('drop_tables', {});
    expect(await error).toMatchObject({ code: 'VALIDATION_FAILED', event: 'drop_tables' });
    expect(await call(socket, 'join_session', { sessionId: 42 } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'sessionId' } },
    });
    expect(await call(socket, 'typing', { sessionId: 'x' } as never)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { field: 'typing' } },
    });
  });

  it('rejects an oversized payload: PAYLOAD_TOO_LARGE per event, and the transport cap disconnects', async () => {
    await t.close();
    t = await startTestServer({ server: { socket: { maxHttpBufferSize: 256 * 1024 } } });
    const { token } = await t.login();
    const socket = await t.socket(token);
    const sessionId = await newSession(token);
    expect(await call(socket, 'send_message', { sessionId, content: 'x'.repeat(100 * 1024) })).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });

    await t.close();
    t = await startTestServer();
    const capped = await t.socket((await t.login()).token);
    const gone = new Promise<string>((resolve) => capped.once('disconnect', resolve));
    capped.emit('send_message', { sessionId, content: 'x'.repeat(100 * 1024) }, () => undefined);
    expect(await gone).toBe('transport close');
  });

  it('answers RATE_LIMITED once a user sends too many events', async () => {
    const acks = await burstOfEvents(21);
    const limited = acks.filter((ack) => !ack.ok);
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { limit: 'socketPerUser', retryAfterMs: expect.any(Number) } },
    });
  });

  it('counts connections, events and chat messages in the metrics', async () => {
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    await call(socket, 'join_session', { sessionId });
    const turn = collectTurn(socket);
    await call(socket, 'send_message', { sessionId, content: 'count me' });
    await turn;
    const text = await t.server.metrics.registry.metrics();
    expect(text).toContain('parley_socket_connections 1');
    expect(text).toContain('parley_socket_events_total{event="send_message",outcome="ok"} 1');
    expect(text).toContain('parley_chat_messages_total{role="user",status="complete"} 1');
    expect(text).toContain('parley_chat_messages_total{role="assistant",status="complete"} 1');
    expect(text).toMatch(/parley_llm_tokens_total\{model="[^"]+",kind="completion"\} [1-9]/);
    expect(text).toMatch(/parley_llm_attempts_total\{model="[^"]+",operation="stream",outcome="ok"\} [1-9]/);
    await t.parley.chat.idle(sessionId);
    const later = await t.server.metrics.registry.metrics();
    expect(later).toMatch(/parley_jobs_completed_total\{job="extract-requirements"\} 1/);
    expect(later).toContain('# TYPE parley_context_sources_skipped_total counter');
    expect(later).toContain('parley_retrieval_vectors_late_total 0');
    expect(later).toContain('# TYPE parley_tool_calls_total counter');
  });
});

describe('Socket.IO event limits', () => {
  beforeEach(async () => {
    t = await startTestServer({
      server: {
        rateLimit: {
          socketPerIp: { points: 5, durationSeconds: 60 },
          socketPerUser: { points: 5, durationSeconds: 60 },
        },
      },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  it('reports the per-IP limit first when an event is over both', async () => {
    const acks = await burstOfEvents(7);
    // The handshake spent one per-IP point: events 5–7 are over the IP's limit, 6 and 7 the user's too.
    expect(acks.filter((ack) => ack.ok)).toHaveLength(4);
    for (const ack of acks.filter((ack) => !ack.ok))
      expect(ack).toMatchObject({ error: { code: 'RATE_LIMITED', details: { limit: 'socketPerIp' } } });
  });
});
