import { randomUUID } from 'node:crypto';
import type { Message } from '@parley/core';
import { startLlmStub, type LlmStub, type ReplySpec } from '@parley/llm-stub';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createFreshDatabase,
  dropRedisKeys,
  type FreshDatabase,
} from '../../core/test/support/fresh-database.js';
import { describeWith } from '../../core/test/support/services.js';
import { recordEvents, type Received } from '../../server/test/support/event-log.js';
import { chunkIndexes, stubGate, type WireChunk } from '../../server/test/support/stub-gate.js';
import type { ClientSocket } from '../../server/test/support/test-server.js';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';

const chunksOf = (events: Received[]) =>
  events
    .filter((event) => event.name === 'assistant_chunk')
    .map((event) => event.payload as unknown as WireChunk);
const endOf = (events: Received[]) =>
  events.find((event) => event.name === 'assistant_end' || event.name === 'assistant_error');

/** Acknowledged socket call. */
function call(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<{ ok: boolean; data?: { turnId: string }; error?: unknown }> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

/** The parts of REST answers the test reads. */
interface Data {
  data: { token: string; session: { id: string }; messages: Message[] };
}

async function api(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: Data }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Data };
}

describeWith('postgres', 'two server processes on PostgreSQL + Redis', (postgresUrl) => {
  describeWith('redis', 'R12.3', (redisUrl) => {
    const prefix = `parley-test:${randomUUID()}:`;
    const sockets: Socket[] = [];
    let database: FreshDatabase;
    let stub: LlmStub;
    let spec: ReplySpec = {};
    let one: ServeProcess;
    let two: ServeProcess;

    const socket = (server: ServeProcess, token: string): Promise<ClientSocket> => {
      const client = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(client);
      return new Promise((resolve, reject) => {
        client.once('connect', () => resolve(client as ClientSocket));
        client.once('connect_error', reject);
      });
    };

    beforeAll(async () => {
      stub = await startLlmStub({
        reply: (req) =>
          req.response_format?.type === 'json_object' ? JSON.stringify({ title: 'Two processes' }) : spec,
      });
      database = await createFreshDatabase(postgresUrl);
      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug',
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        JWT_SECRET: 'a-two-process-secret-of-at-least-32-chars',
        LLM_BASE_URL: stub.url,
        LLM_API_KEY: 'test-key',
        // One socket event per delta: the test counts chunks by index, which coalescing would join.
        SOCKET_CHUNK_COALESCE_MS: 'off',
      };
      // Both start together, so their purge timers tick within a fraction of one interval.
      [one, two] = await Promise.all([
        startServeProcess(['--purge-interval', '5s'], env),
        startServeProcess(['--purge-interval', '5s'], env),
      ]);
    });

    afterAll(async () => {
      for (const client of sockets) client.disconnect();
      await Promise.all([one?.stop(), two?.stop()]);
      await stub?.close();
      await database?.drop();
      await dropRedisKeys(redisUrl, prefix);
    });

    it('streams a turn to both processes, cancels it from the other, resumes it on the second, and purges once', async () => {
      const email = `two-${randomUUID()}@example.com`;
      const password = 'correct horse battery';
      expect(
        (await api(one.url, '/auth/register', { method: 'POST', body: { email, password } })).status,
      ).toBe(201);
      const login = await api(two.url, '/auth/login', { method: 'POST', body: { email, password } });
      const token: string = login.body.data.token;
      const created = await api(one.url, '/sessions', { method: 'POST', token });
      const sessionId: string = created.body.data.session.id;

      const onFirst = await socket(one, token);
      const onSecond = await socket(two, token);
      expect((await call(onFirst, 'join_session', { sessionId })).ok).toBe(true);
      expect((await call(onSecond, 'join_session', { sessionId })).ok).toBe(true);
      const firstLog = recordEvents(onFirst);
      const secondLog = recordEvents(onSecond);

      const gate = stubGate();
      spec = { text: 'w0 w1 w2 w3 w4 w5 w6 w7', chunkCount: 8, beforeChunk: gate.beforeChunk };
      const sent = await call(onFirst, 'send_message', { sessionId, content: 'Hiring a platform engineer' });
      expect(sent).toMatchObject({ ok: true, data: { position: 0 } });
      const turnId = sent.data?.turnId ?? '';

      gate.open(3);
      const three = (events: Received[]) => chunksOf(events).length >= 3;
      await Promise.all([firstLog.until(three), secondLog.until(three)]);

      // A third client joins mid-answer on the second process, having seen chunks 0 and 1.
      const late = await socket(two, token);
      const lateLog = recordEvents(late);
      const joined = await call(late, 'join_session', { sessionId, resume: { turnId, fromIndex: 2 } });
      expect(joined).toMatchObject({ ok: true, data: { session: { id: sessionId } } });
      await lateLog.until((events) => chunkIndexes(chunksOf(events)).includes(2));

      gate.open(5);
      const five = (events: Received[]) => chunkIndexes(chunksOf(events)).includes(4);
      await Promise.all([firstLog.until(five), secondLog.until(five), lateLog.until(five)]);

      // The turn runs on the first process; the cancel comes from a socket of the second.
      expect(await call(onSecond, 'cancel_turn', { sessionId, turnId })).toEqual({
        ok: true,
        data: { cancelled: true },
      });
      const over = (events: Received[]) => endOf(events) !== undefined;
      await Promise.all([firstLog.until(over), secondLog.until(over), lateLog.until(over)]);
      gate.open(100);

      for (const log of [firstLog, secondLog]) {
        expect(chunkIndexes(chunksOf(log.seen))).toEqual([0, 1, 2, 3, 4]);
      }
      expect(chunkIndexes(chunksOf(lateLog.seen))).toEqual([2, 3, 4]);
      for (const log of [firstLog, secondLog, lateLog]) {
        const end = endOf(log.seen)!;
        expect(end.name).toBe('assistant_error');
        expect(end.payload).toMatchObject({
          turnId,
          error: { code: 'CANCELLED' },
          message: { status: 'incomplete', content: 'w0 w1 w2 w3 w4 ' },
        });
        expect(log.seen.filter((event) => event === end || event.name === 'assistant_error')).toHaveLength(1);
      }
      const history = await api(two.url, `/sessions/${sessionId}/messages?order=asc`, { token });
      expect(history.body.data.messages.map((m) => [m.role, m.status, m.content])).toEqual([
        ['user', 'complete', 'Hiring a platform engineer'],
        ['assistant', 'incomplete', 'w0 w1 w2 w3 w4 '],
      ]);

      // The scheduled purge: each interval one process takes the lease and purges, the other skips.
      const purged = (line: Record<string, unknown>) => line.msg === 'expired sessions purged';
      const skipped = (line: Record<string, unknown>) =>
        line.msg === 'session purge skipped: another process has this interval';
      const ticked = (server: ServeProcess) => server.until((line) => purged(line) || skipped(line));
      await Promise.all([ticked(one), ticked(two)]);
      const firstTicks = [one, two].map((server) =>
        server.lines.find((line) => purged(line) || skipped(line)),
      );
      expect(firstTicks.filter((line) => line && purged(line))).toHaveLength(1);
      expect(firstTicks.filter((line) => line && skipped(line))).toHaveLength(1);
      // Only a bound for a loaded machine: the purge's first tick comes one interval after start.
    }, 60_000);
  });
});
