import type { Store } from '@parley/core';
import { loadConfig } from '@parley/core/config';
import { createLogger } from '@parley/core/internal';
import { createKnexStore } from '@parley/core/knex';
import request from 'supertest';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startProxiedPostgres, type ProxiedPostgres } from '../../../core/test/support/proxied-postgres.js';
import { describeWith } from '../../../core/test/support/services.js';
import { call, collectTurn } from '../support/socket-helpers.js';
import { startTestServer, type ClientSocket, type TestServer } from '../support/test-server.js';
import { gate } from './support/gate.js';
import { postStreaming } from './support/sse-reader.js';
import { recordEvents } from './support/remote-client.js';

const TWENTY_WORDS = Array.from({ length: 20 }, (_, i) => `word${i} `).join('');

describeWith(
  'postgres',
  'the database unreachable or hung, through the server (issue 13, R10.2)',
  (sharedUrl) => {
    let pg: ProxiedPostgres;
    let store: Store;
    let t: TestServer;
    let token: string;
    let sessionId: string;
    let socket: ClientSocket;

    beforeEach(async () => {
      pg = await startProxiedPostgres(sharedUrl);
      // Small timeouts, so a hung database answers DB_UNAVAILABLE quickly (defaults: 5 s and 10 s).
      const { database } = loadConfig({
        DATABASE_URL: pg.url,
        DATABASE_STATEMENT_TIMEOUT_MS: 400,
        DATABASE_CONNECT_TIMEOUT_MS: 400,
      });
      store = createKnexStore({ database, logger: createLogger('silent') });
      t = await startTestServer({
        parley: { store },
        config: { retrieval: { enabled: false, embeddings: 'off' } },
      });
      ({ token } = await t.login());
      const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
      sessionId = res.body.data.session.id;
      socket = await t.socket(token);
      expect(await call(socket, 'join_session', { sessionId })).toMatchObject({ ok: true });
    });
    afterEach(async () => {
      pg.proxy.forward();
      await t.close();
      await store.close();
      await pg.cleanup();
    });

    const stored = async () =>
      (await pg.table('messages').where('session_id', sessionId).orderBy('seq')).map(
        (m: { role: string; content: string; status: string }) => [m.role, m.content, m.status],
      );
    const readiness = async () => {
      t.clock.advance(6_000); // past the readiness cache
      const res = await request(t.url).get('/health/ready');
      return {
        status: res.status,
        body: res.body as { status: string; checks: Record<string, { status: string }> },
      };
    };

    it.each(['hang', 'cut'] as const)(
      'answers 503 DB_UNAVAILABLE on every surface when the database connection is %s, half-writes no turn, and recovers',
      async (fault) => {
        t.answer({ text: 'Stored before the fault.' });
        const first = collectTurn(socket);
        expect(await call(socket, 'send_message', { sessionId, content: 'before' })).toMatchObject({
          ok: true,
        });
        expect((await first).events.at(-1)).toBe('assistant_end');
        const before = await stored();
        expect(before).toHaveLength(2);

        pg.proxy[fault]();
        const bearer = { type: 'bearer' } as const;
        for (const res of [
          await request(t.url).get('/api/v1/sessions').auth(token, bearer),
          await request(t.url)
            .post(`/api/v1/sessions/${sessionId}/messages`)
            .auth(token, bearer)
            .send({ content: 'json' }),
          await request(t.url)
            .post(`/api/v1/sessions/${sessionId}/messages`)
            .auth(token, bearer)
            .set('Accept', 'text/event-stream')
            .send({ content: 'sse' }),
        ]) {
          expect(res.status).toBe(503);
          expect(res.body.error.code).toBe('DB_UNAVAILABLE');
        }
        expect(await call(socket, 'send_message', { sessionId, content: 'socket' })).toMatchObject({
          ok: false,
          error: { code: 'DB_UNAVAILABLE' },
        });
        const down = await readiness();
        expect(down.status).toBe(503);
        expect(down.body.checks.database?.status).toBe('down');

        pg.proxy.forward();
        await expect.poll(async () => (await readiness()).status, { timeout: 10_000 }).toBe(200);
        expect(await stored()).toEqual(before);
        t.answer({ text: 'Back again.' });
        const after = collectTurn(socket);
        expect(await call(socket, 'send_message', { sessionId, content: 'after' })).toMatchObject({
          ok: true,
        });
        expect((await after).end).toMatchObject({ message: { content: 'Back again.', status: 'complete' } });
        expect(await stored()).toEqual([
          ...before,
          ['user', 'after', 'complete'],
          ['assistant', 'Back again.', 'complete'],
        ]);
      },
    );

    it('keeps a fully streamed answer whose final write meets a cut database, and stores it once it is back', async () => {
      const release = gate();
      t.answer({ text: TWENTY_WORDS, hold: { afterChunks: 20, until: release.opened } });
      const seen = recordEvents(socket);
      const sent = await call(socket, 'send_message', { sessionId, content: 'twenty words please' });
      if (!sent.ok) throw new Error(sent.error.message);
      await seen.waitFor((e) => e.name === 'assistant_chunk' && e.payload.index === 19);

      pg.proxy.cut();
      release.open();
      const end = await seen.waitFor(
        (e) => e.name === 'assistant_error' && e.payload.turnId === sent.data.turnId,
      );
      expect(end.payload).toMatchObject({ error: { code: 'DB_UNAVAILABLE' }, message: null });
      expect(t.parley.conversation.pendingAnswers()).toBe(1);
      expect(await stored()).toEqual([['user', 'twenty words please', 'complete']]);

      pg.proxy.forward();
      await expect.poll(() => t.parley.conversation.pendingAnswers(), { timeout: 15_000 }).toBe(0);
      expect(await stored()).toEqual([
        ['user', 'twenty words please', 'complete'],
        ['assistant', TWENTY_WORDS, 'complete'],
      ]);
    });

    it('keeps a streamed SSE answer the same way, and the stream ends with DB_UNAVAILABLE', async () => {
      const release = gate();
      t.answer({ text: TWENTY_WORDS, hold: { afterChunks: 20, until: release.opened } });
      const sse = await postStreaming(t.url, token, sessionId, 'twenty words please');
      await sse.waitFor((e) => e.event === 'assistant_chunk' && e.data.index === 19);
      pg.proxy.cut();
      release.open();
      expect((await sse.waitFor((e) => e.event === 'assistant_error')).data).toMatchObject({
        error: { code: 'DB_UNAVAILABLE' },
      });
      await sse.ended;
      pg.proxy.forward();
      await expect.poll(() => t.parley.conversation.pendingAnswers(), { timeout: 15_000 }).toBe(0);
      expect((await stored()).at(-1)).toEqual(['assistant', TWENTY_WORDS, 'complete']);
    });
  },
);
