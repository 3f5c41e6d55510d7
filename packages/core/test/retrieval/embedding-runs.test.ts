import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddingModel } from '../../src/ports/embedding-model.js';
import { Retriever } from '../../src/services/retrieval/retriever.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';
import { filler, retrievalBackends } from './retrieval-kit.js';

/** An embedding endpoint at the edge: records what it was asked, fails when told to. */
function recordingEmbeddings() {
  const asked: string[][] = [];
  let failNext = false;
  const model: EmbeddingModel = {
    async embed(texts) {
      asked.push(texts);
      if (failNext) {
        failNext = false;
        throw new Error('endpoint hiccup');
      }
      return texts.map((_, i) => [1, i]);
    },
  };
  return { model, asked, failOnce: () => (failNext = true) };
}

describe.each(retrievalBackends())('the embedding job’s runs, $name (R6.2, R13)', (backend) => {
  let t: TestParley;
  afterEach(async () => {
    await t?.cleanup();
  });

  it('embeds only the messages after the last run, catches up after a failed run, and rescans once after a restart', async () => {
    t = await createTestParley(backend);
    const { store } = t.parley.internal;
    const user = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    const session = await t.parley.sessions.create(user.id);
    const add = async (count: number) => {
      const messages = filler(session.id, count, t.clock.now());
      await store.messages.appendMany(session.id, messages);
      return messages.map((m) => m.content);
    };
    const embeddings = recordingEmbeddings();
    // Where each run starts looking: the whole history once, then only after what it embedded.
    const scannedAfter: Array<number | undefined> = [];
    const pendingEmbeddings = store.retrieval.pendingEmbeddings.bind(store.retrieval);
    const watched = {
      ...store,
      retrieval: {
        ...store.retrieval,
        pendingEmbeddings: (...args: Parameters<typeof pendingEmbeddings>) => {
          scannedAfter.push(args[3]);
          return pendingEmbeddings(...args);
        },
      },
    };
    const start = () =>
      new Retriever({
        store: watched,
        embeddings: embeddings.model,
        model: 'm',
        mode: 'auto',
        logger: pino({ level: 'silent' }),
      });
    const retriever = start();

    const first = await add(3);
    expect(await retriever.embedPending(session.id)).toBe(3);
    const second = await add(2);
    expect(await retriever.embedPending(session.id)).toBe(2);
    expect(embeddings.asked).toEqual([first, second]);

    const third = await add(2);
    embeddings.failOnce();
    expect(await retriever.embedPending(session.id)).toBe(0);
    const fourth = await add(1);
    expect(await retriever.embedPending(session.id)).toBe(3);
    expect(embeddings.asked.slice(2)).toEqual([third, [...third, ...fourth]]);

    expect(await start().embedPending(session.id)).toBe(0);
    expect(embeddings.asked).toHaveLength(4);
    expect(scannedAfter).toEqual([undefined, 3, 5, 5, undefined]);
    expect(await store.retrieval.pendingEmbeddings(session.id, 'm', 100)).toEqual([]);
  });
});
