import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { hashedEmbedding, startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { Session } from '../../src/domain/session.js';
import type { User } from '../../src/domain/user.js';
import { serviceUrl } from '../support/services.js';
import type { ParleyConfigInput } from '../../src/config/config-schema.js';
import type { ParleyOptions } from '../../src/create-parley.js';
import { createTestParley, type Backend, type TestParley } from '../support/test-parley.js';
import { promptOf } from './retrieval-kit.js';

const HISTORY = 600;
const NEEDLE_SEQ = 20;
const NEEDLE = 'Let us call the project codename Blue Heron.';
const QUESTION = 'What was the project codename again?';
const RETRIEVED_HEADER = 'Older messages of this conversation';

const backends: Backend[] = [{ name: 'SQLite', database: 'sqlite' }];
const postgresUrl = serviceUrl('postgres');
if (postgresUrl) backends.push({ name: 'PostgreSQL', database: 'postgres', postgresUrl });

describe.each(backends)('needle in a long history, $name (R6, issue 12)', (backend) => {
  let stub: LlmStub;
  let t: TestParley;
  let ada: User;
  let session: Session;
  let warnings: string[];

  async function start(config: ParleyConfigInput, options: Pick<ParleyOptions, 'embeddings'> = {}) {
    warnings = [];
    t = await createTestParley(backend, {
      ...options,
      config: {
        ...config,
        llm: {
          baseUrl: stub.url,
          apiKey: 'test-key',
          model: 'stub-model',
          contextTokens: 4000,
          outputReserveTokens: 512,
          ...config.llm,
        },
        // A loaded machine must not turn into a skipped source: no wall-clock bound in the test.
        chat: { contextSourceTimeoutMs: 60_000, ...config.chat },
      },
      logger: pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) }),
    });
    ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    session = await t.parley.sessions.create(ada.id);
    await seedHistory();
  }

  /** 600 messages through the store, the needle at message 20, and a summary folding 1–590. */
  async function seedHistory() {
    const at = t.clock.now();
    const history = Array.from({ length: HISTORY }, (_, i) => {
      const seq = i + 1;
      return {
        id: randomUUID(),
        sessionId: session.id,
        role: seq % 2 === 1 || seq === NEEDLE_SEQ ? ('user' as const) : ('assistant' as const),
        content:
          seq === NEEDLE_SEQ ? NEEDLE : `Weekly sync number ${seq} covered logistics, calendars and travel.`,
        tokenCount: 20,
        status: 'complete' as const,
        usage: null,
        toolCalls: null,
        toolCallId: null,
        createdAt: at,
      };
    });
    await t.parley.internal.store.messages.appendMany(session.id, history);
    await t.parley.internal.store.summaries.save({
      sessionId: session.id,
      content: 'The recruiter and the assistant discussed weekly logistics at length.',
      fromSeq: 1,
      toSeq: 590,
      tokenCount: 15,
      createdAt: at,
    });
  }

  const ask = (content: string): Promise<string> =>
    promptOf(t, stub, { userId: ada.id, sessionId: session.id, content });

  beforeEach(async () => {
    stub = await startLlmStub({ reply: 'Noted.' });
  });
  afterEach(async () => {
    await t?.cleanup();
    await stub.close();
  });

  it('brings the needle back lexically when the embeddings endpoint refuses, with one warning', async () => {
    await start({ llm: { embedding: { baseUrl: `${stub.url}/refused` } } });
    const ranges = vi.spyOn(t.parley.internal.store.messages, 'ranges');
    const prompt = await ask(QUESTION);
    // Every hit's neighbours came in one read.
    expect(ranges).toHaveBeenCalledTimes(1);
    expect(prompt).toContain(RETRIEVED_HEADER);
    expect(prompt).toContain(`[#${NEEDLE_SEQ} user] ${NEEDLE}`);
    expect(prompt).toContain(`[#${NEEDLE_SEQ - 1} user] Weekly sync number ${NEEDLE_SEQ - 1}`);
    expect(prompt).toContain(`[#${NEEDLE_SEQ + 1} user] Weekly sync number ${NEEDLE_SEQ + 1}`);
    expect(t.parley.retrieval.vectors).toBe(false);

    await ask('And what else?');
    expect(warnings.filter((line) => line.includes('refuses embeddings'))).toHaveLength(1);
  });

  it('brings the needle back lexically with no embedding model configured, never calling the endpoint', async () => {
    await start({ llm: { embeddingModel: null } });
    const prompt = await ask(QUESTION);
    expect(prompt).toContain(`[#${NEEDLE_SEQ} user] ${NEEDLE}`);
    await ask('And what else?');
    expect(t.parley.retrieval.vectors).toBe(false);
    expect(stub.requests.filter((r) => r.path.endsWith('/embeddings'))).toEqual([]);
    expect(warnings.filter((line) => line.includes('retrieval is lexical only'))).toHaveLength(1);
  });

  it('brings the needle back through vectors made by the embedding job from the stub’s embeddings', async () => {
    await start({});
    await ask('Hello again.');
    expect(t.parley.retrieval.vectors).toBe(true);
    const vectorOnly = await t.parley.retrieval.search(
      { userId: ada.id, sessionId: session.id, beforeSeq: 590, limit: 3 },
      QUESTION,
      { lexical: false },
    );
    expect(vectorOnly[0]?.seq).toBe(NEEDLE_SEQ);

    const prompt = await ask(QUESTION);
    expect(prompt).toContain(`[#${NEEDLE_SEQ} user] ${NEEDLE}`);
    expect(warnings.filter((line) => line.includes('embeddings'))).toEqual([]);
  });

  /** Embeddings requests for `text` alone: a search's query (the embedding job sends a turn's two messages). */
  const queryEmbeddings = (text: string) =>
    stub.requests.filter(
      (r) =>
        r.path.endsWith('/embeddings') &&
        JSON.stringify((r.body as { input: unknown }).input) === JSON.stringify([text]),
    );

  it('embeds the question while its message is still being stored, once, in a session past its window', async () => {
    await start({});
    await ask('Hello again.');
    const { messages } = t.parley.internal.store;
    const append = messages.append.bind(messages);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(messages, 'append').mockImplementation(async (...args) => {
      await held;
      return append(...args);
    });
    const asked = ask(QUESTION);
    try {
      // The question's embedding is requested before its message is stored, not after the window is measured.
      await vi.waitFor(() => expect(queryEmbeddings(QUESTION)).toHaveLength(1), { timeout: 10_000 });
    } finally {
      release();
    }
    expect(await asked).toContain(`[#${NEEDLE_SEQ} user] ${NEEDLE}`);
    expect(queryEmbeddings(QUESTION)).toHaveLength(1);
    expect(warnings.filter((line) => line.includes('embedding'))).toEqual([]);
  });

  it('stops the question’s embedding with the turn when it is cancelled, logging no failure', async () => {
    let asked!: () => void;
    const requested = new Promise<void>((resolve) => (asked = resolve));
    // An endpoint that answers every embedding but the question's, which waits until it is aborted.
    const embeddings: ParleyOptions['embeddings'] = {
      embed: (texts, { signal } = {}) => {
        if (texts.length !== 1 || texts[0] !== QUESTION)
          return Promise.resolve(texts.map((text) => hashedEmbedding(text, 64)));
        asked();
        return new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
      },
    };
    await start({}, { embeddings });
    await ask('Hello again.');
    const turn = await t.parley.chat.send({ userId: ada.id, sessionId: session.id, content: QUESTION });
    await requested;
    turn.cancel();
    const ended = [];
    for await (const event of turn.events) if (event.type === 'assistant_error') ended.push(event.error.code);
    await turn.done.catch(() => undefined);
    await t.parley.jobs.idle();
    expect(ended).toEqual(['CANCELLED']);
    expect(warnings.filter((line) => line.includes('embedding'))).toEqual([]);
  });

  it('uses the lexical hits alone once the vector half passes RETRIEVAL_VECTOR_WAIT_MS, stopping the question’s embedding', async () => {
    const stopped: unknown[] = [];
    const embeddings: ParleyOptions['embeddings'] = {
      embed: (texts, { signal } = {}) => {
        if (texts.length !== 1 || texts[0] !== QUESTION)
          return Promise.resolve(texts.map((text) => hashedEmbedding(text, 64)));
        // The question's embedding never comes: only its abort ends it.
        return new Promise((_, reject) =>
          signal?.addEventListener(
            'abort',
            () => {
              stopped.push(signal.reason);
              reject(signal.reason);
            },
            { once: true },
          ),
        );
      },
    };
    await start({ retrieval: { vectorWaitMs: 1 } }, { embeddings });
    await ask('Hello again.');
    // That turn's vector half may pass 1 ms as well; the question's certainly does, once.
    const late = t.parley.retrieval.vectorsLate;
    const prompt = await ask(QUESTION);
    expect(prompt).toContain(`[#${NEEDLE_SEQ} user] ${NEEDLE}`);
    expect(t.parley.retrieval.vectorsLate).toBe(late + 1);
    expect(stopped).toHaveLength(1);
    // A search through the API that requests the embedding itself gives up on it the same way.
    const hits = await t.parley.retrieval.search(
      { userId: ada.id, sessionId: session.id, beforeSeq: 590, limit: 3 },
      QUESTION,
      { vectorWaitMs: 1 },
    );
    expect(hits.map((hit) => hit.seq)).toContain(NEEDLE_SEQ);
    expect(t.parley.retrieval.vectorsLate).toBe(late + 2);
    expect(stopped).toHaveLength(2);
    expect(t.parley.retrieval.vectors).toBe(true);
    expect(warnings.filter((line) => line.includes('embedding') || line.includes('skipped'))).toEqual([]);
  });

  it('never embeds the question of a session whose history the window holds', async () => {
    await start({});
    const short = await t.parley.sessions.create(ada.id);
    const prompt = await promptOf(t, stub, { userId: ada.id, sessionId: short.id, content: QUESTION });
    expect(prompt).not.toContain(RETRIEVED_HEADER);
    expect(queryEmbeddings(QUESTION)).toEqual([]);
  });

  it('adds nothing with RETRIEVAL=off', async () => {
    await start({ retrieval: { enabled: false } });
    expect(await ask(QUESTION)).not.toContain(RETRIEVED_HEADER);
  });
});
