import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddingModel } from '../../src/ports/embedding-model.js';
import { retrievalTurnParts } from '../../src/services/retrieval/retrieval-turn.js';
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

  /** A session, an embeddings endpoint that records, and the store with where each scan started recorded. */
  async function setUp() {
    t = await createTestParley(backend);
    const { store } = t.parley.internal;
    const user = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    const session = await t.parley.sessions.create(user.id);
    const embeddings = recordingEmbeddings();
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
    return { store, session, embeddings, scannedAfter, watched, start };
  }

  it('embeds a turn’s just-stored messages without scanning when they follow the last run, and scans after a gap, a failure or a restart', async () => {
    const { store, session, embeddings, scannedAfter, start } = await setUp();
    const add = (count: number) =>
      store.messages.appendMany(session.id, filler(session.id, count, t.clock.now()));
    const retriever = start();
    const contents = (messages: Array<{ content: string }>) => messages.map((m) => m.content);

    // The session's first run knows nothing of it: it scans, even with the turn's messages in hand.
    const first = await add(2);
    expect(await retriever.embedPending(session.id, undefined, first)).toBe(2);
    const second = await add(2);
    expect(await retriever.embedPending(session.id, undefined, second)).toBe(2);
    expect(scannedAfter).toEqual([undefined]);
    expect(embeddings.asked).toEqual([contents(first), contents(second)]);

    // A message stored between runs that the caller does not hand over: a gap, so a scan.
    const missed = await add(1);
    const third = await add(2);
    expect(await retriever.embedPending(session.id, undefined, third)).toBe(3);
    expect(scannedAfter).toEqual([undefined, 4]);
    expect(embeddings.asked.at(-1)).toEqual(contents([...missed, ...third]));

    // A failed run remembers nothing: the next one scans and catches up.
    const fourth = await add(2);
    embeddings.failOnce();
    expect(await retriever.embedPending(session.id, undefined, fourth)).toBe(0);
    const fifth = await add(2);
    expect(await retriever.embedPending(session.id, undefined, fifth)).toBe(4);
    expect(scannedAfter).toEqual([undefined, 4, 7]);

    // Another process (or a restart) remembers nothing either.
    const sixth = await add(2);
    expect(await start().embedPending(session.id, undefined, sixth)).toBe(2);
    expect(scannedAfter).toEqual([undefined, 4, 7, undefined]);
    expect(await store.retrieval.pendingEmbeddings(session.id, 'm', 100)).toEqual([]);
  });

  it('embeds the messages of turns whose jobs the runner dropped with the run it kept, and scans after too many', async () => {
    const { store, session, embeddings, scannedAfter, watched } = await setUp();
    const [job] = retrievalTurnParts({
      store: watched,
      embeddings: embeddings.model,
      config: {
        enabled: true,
        budgetTokens: 1_000,
        scope: 'session',
        embeddings: 'auto',
        embeddingsBatchMs: 0,
        vectorWaitMs: 1_000,
        model: 'm',
      },
      promptBudgetTokens: 4_000,
      logger: pino({ level: 'silent' }),
    }).jobs;
    const turnOf = async () => {
      const [userMessage, answer] = await store.messages.appendMany(
        session.id,
        filler(session.id, 2, t.clock.now()),
      );
      return {
        session,
        turnId: crypto.randomUUID(),
        userMessage: userMessage!,
        answer: answer!,
        context: null,
        history: null,
        signal: new AbortController().signal,
      };
    };
    const first = await turnOf();
    expect(job!.when!(first)).toBe(true);
    await job!.run(first);
    expect(scannedAfter).toHaveLength(1);

    // Two more turns end while the first job runs: the runner keeps the second's job, drops the third's.
    const second = await turnOf();
    const third = await turnOf();
    job!.when!(second);
    job!.when!(third);
    await job!.run(second);
    expect(scannedAfter).toHaveLength(1);
    expect(embeddings.asked.at(-1)).toHaveLength(4);
    expect(await store.retrieval.pendingEmbeddings(session.id, 'm', 100)).toEqual([]);

    // More turns than one run keeps in mind: the run scans, and finds every one of them.
    const burst = [];
    for (let i = 0; i < 33; i += 1) burst.push(await turnOf());
    for (const turn of burst) job!.when!(turn);
    await job!.run(burst[0]!);
    expect(scannedAfter).toHaveLength(3); // two pages: 64 messages, then the last 2

    expect(embeddings.asked.slice(-2).flat()).toHaveLength(66);
    expect(await store.retrieval.pendingEmbeddings(session.id, 'm', 100)).toEqual([]);
  });

  it('embeds only the messages after the last run, catches up after a failed run, and rescans once after a restart', async () => {
    // Where each run starts looking: the whole history once, then only after what it embedded.
    const { store, session, embeddings, scannedAfter, start } = await setUp();
    const add = async (count: number) => {
      const messages = filler(session.id, count, t.clock.now());
      await store.messages.appendMany(session.id, messages);
      return messages.map((m) => m.content);
    };
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
