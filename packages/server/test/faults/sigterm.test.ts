import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startLlmStub, type ChatRequestBody, type LlmStub, type ReplySpec } from '@parley/llm-stub';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWith } from '../../../core/test/support/services.js';
import { call, eventually } from '../support/socket-helpers.js';
import { gate, type Gate } from './support/gate.js';
import { startProxiedPostgres, type ProxiedPostgres } from '../../../core/test/support/proxied-postgres.js';
import { inspectSqlite } from '../../../core/test/support/sqlite-inspector.js';
import { connectSocket, createSession, login, recordEvents, turnEnd } from './support/remote-client.js';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { postStreaming } from './support/sse-reader.js';

const JWT_SECRET = 'sigterm-test-secret-that-is-32-characters';

/** A stub whose chat answers ("one two three four", a chunk a word) stop after two chunks until their gate opens. */
function heldStub(gateFor: (content: string) => Gate): Promise<LlmStub> {
  return startLlmStub({
    reply: (req: ChatRequestBody): string | ReplySpec => {
      if (req.response_format) return JSON.stringify({ title: 'Shutdown test' });
      const last = String(req.messages?.at(-1)?.content ?? '');
      return { text: 'one two three four', hold: { afterChunks: 2, until: gateFor(last).opened } };
    },
  });
}

const serveEnv = (stub: LlmStub, databaseUrl: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl,
  JWT_SECRET,
  LLM_BASE_URL: stub.url,
  LLM_API_KEY: 'test-key',
  RETRIEVAL: 'off',
  EMBEDDINGS: 'off',
  LOG_LEVEL: 'warn',
  ...extra,
});

let stub: LlmStub | undefined;
let server: ServeProcess | undefined;
afterEach(async () => {
  server?.kill('SIGKILL');
  await server?.exited;
  await stub?.close();
  server = undefined;
  stub = undefined;
});

/** Whether a (possibly coalesced) `assistant_chunk` carries delta `index`: `parley serve` joins deltas that arrive together. */
const pastDelta = (chunk: Record<string, unknown>, index: number) =>
  Number(chunk.index) + Number(chunk.count ?? 1) > index;

describe('SIGTERM during answers (issue 13)', () => {
  it('refuses new work with 503 SHUTTING_DOWN, lets a running answer finish, stops the rest after the grace, and exits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sigterm-'));
    const filename = join(dir, 'parley.db');
    const finish = gate();
    const never = gate();
    stub = await heldStub((content) => (content.includes('finish') ? finish : never));
    server = await startServeProcess(
      serveEnv(stub, `sqlite:${filename}`, { SHUTDOWN_GRACE_MS: '3000', SHUTDOWN_DEADLINE_MS: '20000' }),
    );
    const { url } = server;
    const token = await login(url);
    const [first, second, third] = [
      await createSession(url, token),
      await createSession(url, token),
      await createSession(url, token),
    ];
    const socket = await connectSocket(url, token);
    const seen = recordEvents(socket);
    for (const sessionId of [first, second, third])
      expect(await call(socket, 'join_session', { sessionId })).toMatchObject({ ok: true });

    // Three answers mid-stream: one over the socket, one as SSE, one as a JSON request.
    const sent = await call(socket, 'send_message', { sessionId: first, content: 'finish this one' });
    if (!sent.ok) throw new Error(sent.error.message);
    const sse = await postStreaming(url, token, second, 'stay on the stream');
    const json = request(url)
      .post(`/api/v1/sessions/${third}/messages`)
      .auth(token, { type: 'bearer' })
      .send({ content: 'stay as json' })
      .then((res) => res);
    const midStream = (sessionId: string) =>
      seen.waitFor(
        (e) => e.name === 'assistant_chunk' && e.payload.sessionId === sessionId && pastDelta(e.payload, 1),
      );
    await Promise.all([midStream(first), midStream(second), midStream(third)]);

    server.kill('SIGTERM');
    await eventually(async () => ((await fetch(`${url}/health/ready`)).status === 503 ? true : undefined));
    finish.open();
    expect(await seen.waitFor(turnEnd(sent.data.turnId))).toMatchObject({
      name: 'assistant_end',
      payload: { message: { content: 'one two three four', status: 'complete' } },
    });

    // Still within the grace (two answers hold it open): nothing new is taken.
    const refused = await request(url).post('/api/v1/sessions').auth(token, { type: 'bearer' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('SHUTTING_DOWN');
    await expect(connectSocket(url, token)).rejects.toMatchObject({ data: { code: 'SHUTTING_DOWN' } });
    expect(await call(socket, 'send_message', { sessionId: first, content: 'one more' })).toMatchObject({
      ok: false,
      error: { code: 'SHUTTING_DOWN' },
    });

    // After the grace: the two held answers are stopped, on every channel, and kept as incomplete.
    const stopped = { code: 'SHUTTING_DOWN' };
    const partial = { content: 'one two ', status: 'incomplete' };
    expect((await sse.waitFor((e) => e.event === 'assistant_error')).data).toMatchObject({
      error: stopped,
      message: partial,
    });
    const jsonRes = await json;
    expect(jsonRes.status).toBe(503);
    expect(jsonRes.body.error).toMatchObject({ ...stopped, details: { answer: partial } });
    for (const sessionId of [second, third]) {
      const end = await seen.waitFor(
        (e) => e.name === 'assistant_error' && e.payload.sessionId === sessionId,
      );
      expect(end.payload).toMatchObject({ error: stopped, message: partial });
    }
    await sse.ended;
    expect(await server.exited).toBe(0);

    const db = inspectSqlite(filename);
    try {
      const stored = async (sessionId: string) =>
        (await db.table('messages').where('session_id', sessionId).orderBy('seq')).map(
          (m: { role: string; content: string; status: string }) => [m.role, m.content, m.status],
        );
      expect(await stored(first)).toEqual([
        ['user', 'finish this one', 'complete'],
        ['assistant', 'one two three four', 'complete'],
      ]);
      expect(await stored(second)).toEqual([
        ['user', 'stay on the stream', 'complete'],
        ['assistant', 'one two ', 'incomplete'],
      ]);
      expect(await stored(third)).toEqual([
        ['user', 'stay as json', 'complete'],
        ['assistant', 'one two ', 'incomplete'],
      ]);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describeWith('postgres', 'SIGTERM with a hung database (issue 13)', (sharedUrl) => {
  let pg: ProxiedPostgres | undefined;
  afterEach(async () => {
    await pg?.cleanup();
    pg = undefined;
  });

  it('exits at SHUTDOWN_DEADLINE_MS although the last writes hang, keeping what was stored before', async () => {
    pg = await startProxiedPostgres(sharedUrl);
    const never = gate();
    stub = await heldStub(() => never);
    server = await startServeProcess(
      serveEnv(stub, pg.url, {
        SHUTDOWN_GRACE_MS: '200',
        SHUTDOWN_DEADLINE_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '600000',
        DATABASE_CONNECT_TIMEOUT_MS: '60000',
      }),
    );
    const token = await login(server.url);
    const sessionId = await createSession(server.url, token);
    const socket = await connectSocket(server.url, token);
    const seen = recordEvents(socket);
    const sent = await call(socket, 'send_message', { sessionId, content: 'hold on' });
    expect(sent.ok).toBe(true);
    await seen.waitFor((e) => e.name === 'assistant_chunk' && pastDelta(e.payload, 1));

    pg.proxy.hang();
    server.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('SHUTDOWN_DEADLINE_MS');

    const stored = await pg.table('messages').where('session_id', sessionId).orderBy('seq');
    expect(stored.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'hold on'],
    ]);
  });
});
