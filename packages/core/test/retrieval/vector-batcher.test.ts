import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import type { EmbeddingModel } from '../../src/ports/embedding-model.js';
import { Retriever } from '../../src/services/retrieval/retriever.js';
import { VectorBatcher } from '../../src/services/retrieval/vector-batcher.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';
import { filler, retrievalBackends } from './retrieval-kit.js';

/** An embeddings endpoint at the edge: records each request; fails the next one, or holds it until released, when told to. */
function recordingEmbeddings() {
  const requests: string[][] = [];
  let failing = false;
  let gate: Promise<void> | undefined;
  const model: EmbeddingModel = {
    async embed(texts) {
      requests.push(texts);
      const fail = failing;
      failing = false;
      if (gate) await gate;
      if (fail) throw new Error('endpoint hiccup');
      return texts.map((_, i) => [1, i]);
    },
  };
  const hold = () => {
    let release = () => undefined as void;
    gate = new Promise((resolve) => (release = resolve));
    return () => {
      gate = undefined;
      release();
    };
  };
  return { model, requests, failNext: () => (failing = true), hold };
}

describe.each(retrievalBackends())('joined embedding requests, $name (R6.2, R13)', (backend) => {
  let t: TestParley;
  afterEach(async () => {
    await t?.cleanup();
  });

  async function setUp(batchMs: number) {
    t = await createTestParley(backend);
    const { store } = t.parley.internal;
    const user = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    const sessions = await Promise.all([1, 2, 3].map(() => t.parley.sessions.create(user.id)));
    const embeddings = recordingEmbeddings();
    const retriever = new Retriever({
      store,
      embeddings: embeddings.model,
      model: 'm',
      mode: 'auto',
      batchMs,
      logger: pino({ level: 'silent' }),
    });
    const turn = (sessionId: string): Promise<Message[]> =>
      store.messages.appendMany(sessionId, filler(sessionId, 2, t.clock.now()));
    const pending = (sessionId: string) => store.retrieval.pendingEmbeddings(sessionId, 'm', 100);
    // Each session's first run scans the store; once it has, a turn's messages go to the batcher at
    // once, so answers that end together join whatever the window (no timing in these tests).
    for (const s of sessions) await retriever.embedPending(s.id, undefined, await turn(s.id));
    embeddings.requests.length = 0;
    return { store, user, sessions, embeddings, retriever, turn, pending };
  }

  it('joins the answers that end within the window into one request and one write, and keeps each session’s vectors', async () => {
    const { sessions, embeddings, retriever, turn, pending } = await setUp(5);
    const turns = await Promise.all(sessions.map((s) => turn(s.id)));
    const done = await Promise.all(sessions.map((s, i) => retriever.embedPending(s.id, undefined, turns[i])));
    expect(done).toEqual([2, 2, 2]);
    expect(embeddings.requests).toHaveLength(1);
    expect(embeddings.requests[0]).toHaveLength(6);
    for (const s of sessions) expect(await pending(s.id)).toEqual([]);
  });

  it('sends each answer on its own with EMBEDDINGS_BATCH_MS=0', async () => {
    const { sessions, embeddings, retriever, turn } = await setUp(0);
    const turns = await Promise.all(sessions.map((s) => turn(s.id)));
    await Promise.all(sessions.map((s, i) => retriever.embedPending(s.id, undefined, turns[i])));
    expect(embeddings.requests.map((r) => r.length)).toEqual([2, 2, 2]);
  });

  it('loses nothing when the joined request fails: every session embeds its messages on its next run', async () => {
    const { sessions, embeddings, retriever, turn, pending } = await setUp(5);
    const turns = await Promise.all(sessions.map((s) => turn(s.id)));
    embeddings.failNext();
    const failed = await Promise.all(
      sessions.map((s, i) => retriever.embedPending(s.id, undefined, turns[i])),
    );
    expect(failed).toEqual([0, 0, 0]);
    for (const s of sessions) expect(await pending(s.id)).toHaveLength(2);
    const next = await Promise.all(sessions.map((s) => turn(s.id)));
    const caughtUp = await Promise.all(
      sessions.map((s, i) => retriever.embedPending(s.id, undefined, next[i])),
    );
    expect(caughtUp).toEqual([4, 4, 4]);
    // The failed request was one, joined; the catch-up runs scan first, so how they join varies.
    expect(embeddings.requests[0]).toHaveLength(6);
    expect(embeddings.requests.slice(1).flat()).toHaveLength(12);
    for (const s of sessions) expect(await pending(s.id)).toEqual([]);
  });

  it('keeps the other sessions’ vectors when one session was purged before the joined write', async () => {
    const { store, user, sessions, embeddings, retriever, turn, pending } = await setUp(5);
    const turns = await Promise.all(sessions.map((s) => turn(s.id)));
    const [gone, ...kept] = sessions;
    const release = embeddings.hold();
    const runs = sessions.map((s, i) => retriever.embedPending(s.id, undefined, turns[i]));
    await t.parley.sessions.close(user.id, gone!.id);
    t.clock.advance(1_000);
    expect(await store.sessions.deleteEnded(t.clock.now(), 10)).toEqual([gone!.id]);
    release();
    const results = await Promise.allSettled(runs);
    expect(results[0]?.status).toBe('rejected');
    expect(embeddings.requests.map((r) => r.length)).toEqual([6]);
    expect(results.slice(1)).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'fulfilled', value: 2 },
    ]);
    for (const s of kept) {
      expect((await t.parley.sessions.get(user.id, s.id)).id).toBe(s.id);
      expect(await pending(s.id)).toEqual([]);
    }
  });
});

describe('the vector batcher alone (R13)', () => {
  it('lets an aborted caller go at once while the joined request goes on for the others', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const requested: string[][] = [];
    const saved: string[] = [];
    const batcher = new VectorBatcher({
      windowMs: 1,
      embed: async (texts) => {
        requested.push(texts);
        await gate;
        return texts.map(() => [1]);
      },
      save: async (rows) => void saved.push(...rows.map((r) => r.messageId)),
    });
    const controller = new AbortController();
    const row = (id: string) => ({ messageId: id, sessionId: 's', seq: 1, content: id });
    const aborted = batcher.add([row('a')], controller.signal);
    const other = batcher.add([row('b')]);
    controller.abort(new Error('closing'));
    await expect(aborted).rejects.toThrow('closing');
    release();
    expect(await other).toBe(true);
    expect(requested).toEqual([['a', 'b']]);
    expect(saved).toEqual(['a', 'b']);
  });
});
