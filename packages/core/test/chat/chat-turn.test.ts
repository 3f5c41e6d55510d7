import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { Session } from '../../src/domain/session.js';
import type { User } from '../../src/domain/user.js';
import type { ChatEvent } from '../../src/services/chat/chat-events.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import { expectCode } from '../services/expect-code.js';
import type { ParleyConfigInput } from '../../src/config/config-schema.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';

const SUMMARY_PROMPT = 'You maintain the running summary';

describe('chat turns against the OpenAI-compatible stub (R3.4, R3.5, R4.3, R4.4, R5.7)', () => {
  let stub: LlmStub;
  let t: TestParley;
  let ada: User;
  let session: Session;
  let events: ChatEvent[];

  async function start(config: ParleyConfigInput = {}) {
    t = await createTestParley(
      { name: 'SQLite', database: 'sqlite' },
      {
        config: {
          ...config,
          llm: { baseUrl: stub.url, apiKey: 'test-key', model: 'stub-model', ...config.llm },
        },
      },
    );
    ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    session = await t.parley.sessions.create(ada.id);
    events = [];
    t.parley.chat.subscribe(session.id, (event) => events.push(event));
  }
  const send = (content: string, signal?: AbortSignal) =>
    t.parley.chat.send({ userId: ada.id, sessionId: session.id, content, signal });
  const history = async () =>
    (await t.parley.conversation.history(ada.id, session.id, { order: 'asc', limit: 200 })).messages;
  /** Chat completions, without the JSON requests of background work (titles, requirement extraction). */
  const chatRequests = () =>
    stub.requests.filter(
      (r) =>
        r.path.endsWith('/chat/completions') &&
        (r.body as { response_format?: unknown }).response_format === undefined,
    );

  beforeEach(async () => {
    stub = await startLlmStub({
      reply: (request) => {
        const system = String(request.messages?.[0]?.content ?? '');
        if (system.startsWith(SUMMARY_PROMPT))
          return 'SUMMARY: hiring a backend engineer; details discussed.';
        if (request.response_format?.type === 'json_object')
          return JSON.stringify({ title: 'Backend engineer search' });
        const last = request.messages?.at(-1)?.content;
        return `Noted: ${String(last)}. What seniority do you need for this role?`;
      },
    });
  });
  afterEach(async () => {
    await t?.cleanup();
    await stub.close();
  });

  it('stores the user message, streams the answer as events, and stores the answer once with usage', async () => {
    await start();
    const turn = await send('We need a backend engineer');
    expect(turn.position).toBe(0);
    const answer = await turn.done;
    expect(events.map((e) => e.type)).toEqual([
      'message_received',
      'assistant_start',
      ...Array(events.length - 3).fill('assistant_chunk'),
      'assistant_end',
    ]);
    const chunks = events.flatMap((e) => (e.type === 'assistant_chunk' ? [e.text] : []));
    expect(chunks.length).toBeGreaterThan(3);
    expect(answer?.content).toBe(chunks.join(''));
    expect(answer?.content).toContain('Noted: We need a backend engineer');
    expect(answer?.usage).toMatchObject({ model: 'stub-model', promptTokens: expect.any(Number) });
    expect(answer?.usage?.completionTokens).toBeGreaterThan(0);
    expect((await history()).map((m) => [m.seq, m.role, m.status])).toEqual([
      [1, 'user', 'complete'],
      [2, 'assistant', 'complete'],
    ]);
    await t.parley.chat.idle();
    expect((await t.parley.sessions.get(ada.id, session.id)).title).toBe('Backend engineer search');
  });

  it('answers two messages sent at once in order, one at a time', async () => {
    await start();
    const [first, second] = await Promise.all([send('first question'), send('second question')]);
    expect([first.position, second.position]).toEqual([0, 1]);
    await Promise.all([first.done, second.done]);
    expect((await history()).map((m) => `${m.role}: ${m.content}`)).toEqual([
      'user: first question',
      'assistant: Noted: first question. What seniority do you need for this role?',
      'user: second question',
      'assistant: Noted: second question. What seniority do you need for this role?',
    ]);
    const starts = events.filter((e) => e.type === 'assistant_start' || e.type === 'assistant_end');
    expect(starts.map((e) => `${e.type}:${e.turnId === first.id ? 1 : 2}`)).toEqual([
      'assistant_start:1',
      'assistant_end:1',
      'assistant_start:2',
      'assistant_end:2',
    ]);
  });

  it('refuses a message beyond the bounded queue with SESSION_BUSY and stores nothing of it', async () => {
    await start({ chat: { queueLimit: 1 } });
    stub.script({ firstTokenDelayMs: 200, text: 'slow answer' });
    const first = await send('one');
    const second = await send('two');
    await expectCode(send('three'), 'SESSION_BUSY');
    await Promise.all([first.done, second.done]);
    expect((await history()).map((m) => m.content)).toEqual([
      'one',
      'slow answer',
      'two',
      expect.any(String),
    ]);
  });

  it.each([
    ['closed while it waited (its check refuses it)', () => t.parley.sessions.close(ada.id, session.id)],
    [
      // The cache still says active when the second turn checks it: its append refuses it.
      'closed in the database only, behind a stale cache entry (its append refuses it)',
      () => t.parley.internal.store.sessions.setStatus(session.id, 'closed', t.clock.now()),
    ],
  ])(
    'checks a queued message again when its turn comes: the session was %s; nothing of it is stored and the model is not asked',
    async (_how, closeIt) => {
      await start();
      stub.script({ firstTokenDelayMs: 200, text: 'slow answer' });
      const first = await send('one');
      const second = await send('two');
      await closeIt();
      await expect(first.done).resolves.toMatchObject({ status: 'complete', content: 'slow answer' });
      await expectCode(second.done, 'SESSION_CLOSED');
      expect(events.filter((e) => e.turnId === second.id)).toMatchObject([
        { type: 'assistant_error', error: { code: 'SESSION_CLOSED' } },
      ]);
      expect((await history()).map((m) => m.content)).toEqual(['one', 'slow answer']);
      expect(chatRequests()).toHaveLength(1);
    },
  );

  it('checks the session of a turn that starts at once against the cache, the database having its say in the append: no session read, and send resolves once the message is stored', async () => {
    await start();
    await (
      await send('warm the cache')
    ).done;
    const store = t.parley.internal.store.sessions;
    const findById = store.findById.bind(store);
    let reads = 0;
    store.findById = (id) => ((reads += 1), findById(id));
    const turn = await send('second question');
    expect(reads).toBe(0);
    expect(events.filter((e) => e.turnId === turn.id).map((e) => e.type)).toContain('message_received');
    expect((await history()).at(-1)).toMatchObject({ role: 'user', content: 'second question' });
    await turn.done;
  });

  it.each([
    ['closed', { status: 'closed' }],
    ['expired', { lastActivityAt: new Date(0) }],
  ] as const)(
    'reads the session from the database before refusing it when the cache says %s: an active session still answers',
    async (_how, stale) => {
      await start();
      await t.parley.internal.cache.set(`session:${session.id}`, { ...session, ...stale }, 60_000);
      const turn = await send('still open?');
      await expect(turn.done).resolves.toMatchObject({ role: 'assistant', status: 'complete' });
      expect((await t.parley.sessions.get(ada.id, session.id)).status).toBe('active');
    },
  );

  it('reads the history of its next turn from the messages it stored, and from the store again once another process stored one', async () => {
    await start();
    await (
      await send('first question')
    ).done;
    await t.parley.chat.idle();
    const messages = t.parley.internal.store.messages;
    const [head, page] = [messages.head.bind(messages), messages.page.bind(messages)];
    let reads = 0;
    messages.head = (...args) => ((reads += 1), head(...args));
    messages.page = (...args) => ((reads += 1), page(...args));
    await (
      await send('second question')
    ).done;
    expect(reads).toBe(0);
    const prompt = () => (chatRequests().at(-1)?.body as { messages: Array<{ content: string }> }).messages;
    expect(prompt().map((m) => m.content)).toEqual(
      expect.arrayContaining(['first question', 'second question']),
    );

    // Another process's message: this process's next turn finds a gap and reads the store.
    await t.parley.internal.store.messages.append({
      id: 'elsewhere',
      sessionId: session.id,
      role: 'user',
      content: 'stored by another process',
      tokenCount: 5,
      status: 'complete',
      usage: null,
      toolCalls: null,
      toolCallId: null,
      createdAt: t.clock.now(),
    });
    await (
      await send('third question')
    ).done;
    expect(reads).toBeGreaterThan(0);
    expect(prompt().map((m) => m.content)).toEqual(
      expect.arrayContaining(['first question', 'stored by another process', 'third question']),
    );
  });

  it('reads no summary for a session whose row says it has none, and the summary once one is written', async () => {
    await start();
    await (
      await send('first question')
    ).done;
    await t.parley.chat.idle();
    const summaries = t.parley.internal.store.summaries;
    const latest = summaries.latest.bind(summaries);
    let reads = 0;
    summaries.latest = (id) => ((reads += 1), latest(id));
    await (
      await send('second question')
    ).done;
    await t.parley.chat.idle();
    expect(reads).toBe(0);

    // Written as another process's summarizer would: the row moves with it and the cache forgets it.
    await summaries.save({
      sessionId: session.id,
      fromSeq: 1,
      toSeq: 2,
      content: 'EARLIER: the first question and its answer',
      tokenCount: 9,
      createdAt: t.clock.now(),
    });
    await t.parley.sessions.forget(session.id);
    await (
      await send('third question')
    ).done;
    expect(reads).toBeGreaterThan(0);
    const prompt = (chatRequests().at(-1)?.body as { messages: Array<{ content: string }> }).messages;
    expect(prompt.map((m) => m.content).join('\n')).toContain('EARLIER: the first question');
    expect(prompt.map((m) => m.content)).not.toContain('first question');
  });

  it('refuses a queued message whose session the database holds closed behind a stale cache entry, and hands its place back at once', async () => {
    await start();
    stub.script({ firstTokenDelayMs: 200, text: 'slow answer' });
    const first = await send('one');
    await t.parley.internal.store.sessions.setStatus(session.id, 'closed', t.clock.now());
    await expectCode(send('two'), 'SESSION_CLOSED');
    await expect(first.done).resolves.toMatchObject({ content: 'slow answer' });
    await t.parley.internal.store.sessions.setStatus(session.id, 'active', t.clock.now());
    await t.parley.sessions.forget(session.id);
    const third = await send('three');
    expect(third.position).toBe(0);
    await expect(third.done).resolves.toMatchObject({ status: 'complete' });
    expect((await history()).map((m) => m.content)).toEqual([
      'one',
      'slow answer',
      'three',
      expect.any(String),
    ]);
  });

  it('rejects send with DB_UNAVAILABLE when the user message of a turn that starts at once cannot be stored: no event, nothing stored, the next message answers', async () => {
    await start();
    const messages = t.parley.internal.store.messages;
    const append = messages.append.bind(messages);
    let down = true;
    messages.append = (message, condition) =>
      down && message.role === 'user'
        ? Promise.reject(new ParleyError('DB_UNAVAILABLE', 'The database is not answering.'))
        : append(message, condition);
    await expectCode(send('lost'), 'DB_UNAVAILABLE');
    expect(events).toEqual([]);
    expect(await history()).toEqual([]);
    down = false;
    const turn = await send('back');
    await expect(turn.done).resolves.toMatchObject({ status: 'complete' });
    expect((await history()).map((m) => m.content)).toEqual(['back', expect.any(String)]);
  });

  it('on shutdown stops running and queued answers, storing what arrived', async () => {
    await start();
    stub.script({ text: 'one two three four five six', chunkCount: 6, chunkDelayMs: 40 });
    const closed = new Promise<void>((resolve) => {
      t.parley.chat.subscribe(session.id, (event) => {
        if (event.type === 'assistant_chunk' && event.index === 1) resolve(t.parley.chat.close());
      });
    });
    const first = await send('first');
    const second = await send('second');
    await closed;
    await expect(first.done).resolves.toMatchObject({ status: 'incomplete' });
    await expect(second.done).resolves.toBeNull();
    expect((await history()).map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'incomplete'],
      ['user', 'complete'],
    ]);
    expect(
      events
        .filter((e) => e.type === 'assistant_error')
        .map((e) => e.type === 'assistant_error' && e.error.code),
    ).toEqual(['SHUTTING_DOWN', 'SHUTTING_DOWN']);
  });

  it('draining refuses new turns with SHUTTING_DOWN and lets the running answer finish', async () => {
    await start();
    stub.script({ text: 'one two three', chunkCount: 3, chunkDelayMs: 20 });
    const running = await send('first');
    const drained = t.parley.chat.drain();
    await expectCode(send('second'), 'SHUTTING_DOWN');
    await drained;
    await expect(running.done).resolves.toMatchObject({ status: 'complete', content: 'one two three' });
    expect((await history()).map((m) => m.content)).toEqual(['first', 'one two three']);
  });

  it('stores what arrived as incomplete when the client cancels mid-stream', async () => {
    await start();
    stub.script({
      text: 'one two three four five six seven eight nine ten',
      chunkCount: 10,
      chunkDelayMs: 30,
    });
    const controller = new AbortController();
    t.parley.chat.subscribe(session.id, (event) => {
      if (event.type === 'assistant_chunk' && event.index === 2) controller.abort();
    });
    const turn = await send('tell me a long story', controller.signal);
    const partial = await turn.done;
    const chunks = events.flatMap((e) => (e.type === 'assistant_chunk' ? [e.text] : []));
    expect(chunks).toHaveLength(3);
    expect(partial).toMatchObject({ role: 'assistant', status: 'incomplete', content: chunks.join('') });
    expect(events.at(-1)).toMatchObject({
      type: 'assistant_error',
      error: { code: 'CANCELLED' },
      message: partial,
    });
    expect((await history()).map((m) => m.status)).toEqual(['complete', 'incomplete']);
  });

  it('keeps the partial answer when the model drops mid-stream, without retrying after output', async () => {
    await start();
    stub.script({ text: 'alpha beta gamma delta', chunkCount: 4, dropAfterChunks: 2 });
    const partial = await (await send('go')).done;
    const chunks = events.flatMap((e) => (e.type === 'assistant_chunk' ? [e.text] : []));
    expect(chunks).toHaveLength(2);
    expect(partial).toMatchObject({ status: 'incomplete', content: chunks.join('') });
    expect('alpha beta gamma delta'.startsWith(partial!.content)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'assistant_error', error: { code: 'LLM_UNAVAILABLE' } });
    expect(chatRequests()).toHaveLength(1);
  });

  it('rejects bad messages before anything is stored', async () => {
    await start({ messages: { maxChars: 50 } });
    await expectCode(send('   '), 'VALIDATION_FAILED');
    await expectCode(send('x'.repeat(51)), 'MESSAGE_TOO_LONG');
    await expectCode(
      t.parley.chat.send({ userId: crypto.randomUUID(), sessionId: session.id, content: 'hi' }),
      'SESSION_NOT_FOUND',
    );
    t.clock.advance(31 * 60_000);
    await expectCode(send('too late'), 'SESSION_EXPIRED');
    expect(await history()).toEqual([]);
    expect(chatRequests()).toHaveLength(0);
  });

  it('folds older messages into a rolling summary incrementally once the history outgrows the budget', async () => {
    // Retrieval would rightly bring "Requirement 1" back; this test is about the summary and the window.
    await start({ llm: { contextTokens: 600, outputReserveTokens: 100 }, retrieval: { enabled: false } });
    const filler = 'The candidate should know distributed systems, observability and incident response well.';
    const folds: number[] = [];
    for (let i = 1; i <= 16; i++) {
      const answer = await (await send(`Requirement ${i}: ${filler}`)).done;
      expect(answer?.status).toBe('complete');
      await t.parley.chat.idle(session.id);
      const summary = await t.parley.internal.store.summaries.latest(session.id);
      if (summary && summary.toSeq !== folds.at(-1)) folds.push(summary.toSeq);
    }
    expect(folds.length).toBeGreaterThanOrEqual(2);
    expect(folds).toEqual([...folds].sort((a, b) => a - b));
    expect((await t.parley.sessions.get(ada.id, session.id)).summaryToSeq).toBe(folds.at(-1));

    const summaryRequests = chatRequests().filter((r) => JSON.stringify(r.body).includes(SUMMARY_PROMPT));
    const [first, second] = summaryRequests.map(
      (r) => (r.body as { messages: Array<{ content: string }> }).messages[1]!.content,
    );
    expect(first).toContain('Previous summary:\n(none)');
    expect(first).toContain('Requirement 1:');
    expect(second).toContain('Previous summary:\nSUMMARY');
    expect(second).not.toContain('Requirement 1:');

    await send('Requirement 17: one more').then((turn) => turn.done);
    const last = chatRequests()
      .filter((r) => !JSON.stringify(r.body).includes(SUMMARY_PROMPT))
      .at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    expect(last.messages.find((message) => message.content.includes('SUMMARY'))).toMatchObject({
      role: 'system',
    });
    expect(JSON.stringify(last.messages)).not.toContain('Requirement 1:');
    expect(JSON.stringify(last.messages)).toContain('Requirement 17: one more');
  });

  it('answers the next message while a slow summary is still being written', async () => {
    await start({ llm: { contextTokens: 600, outputReserveTokens: 100 } });
    const filler = 'The candidate should know distributed systems, observability and incident response well.';
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const summarize = t.parley.internal.llm.stream.bind(t.parley.internal.llm);
    t.parley.internal.llm.stream = (request) => {
      if (!String(request.messages[0]?.content).startsWith(SUMMARY_PROMPT)) return summarize(request);
      return (async function* () {
        await gate;
        yield* summarize(request);
      })();
    };
    for (let i = 1; i <= 8; i++) {
      expect((await (await send(`Requirement ${i}: ${filler}`)).done)?.status).toBe('complete');
    }
    expect(await t.parley.internal.store.summaries.latest(session.id)).toBeUndefined();
    release();
    await t.parley.chat.idle(session.id);
    expect(await t.parley.internal.store.summaries.latest(session.id)).toMatchObject({
      content: expect.stringContaining('SUMMARY'),
    });
  });

  it('keeps a session closed while its last answer streams, and refuses new messages', async () => {
    await start();
    stub.script({ text: 'one two three four five six', chunkCount: 6, chunkDelayMs: 20 });
    t.parley.chat.subscribe(session.id, (event) => {
      if (event.type === 'assistant_chunk' && event.index === 0)
        void t.parley.sessions.close(ada.id, session.id);
    });
    const answer = await (await send('close me')).done;
    expect(answer?.status).toBe('complete');
    expect((await t.parley.sessions.get(ada.id, session.id)).status).toBe('closed');
    await expectCode(send('after close'), 'SESSION_CLOSED');
    expect(await history()).toHaveLength(2);
  });

  it('always ends the turn with assistant_error when the answer cannot be stored', async () => {
    await start();
    const append = t.parley.internal.store.messages.append.bind(t.parley.internal.store.messages);
    t.parley.internal.store.messages.append = async (message) => {
      if (message.role === 'assistant') throw new Error('disk full');
      return append(message);
    };
    const result = await (await send('will the answer survive?')).done;
    expect(result).toBeNull();
    expect(events.at(-1)).toMatchObject({
      type: 'assistant_error',
      error: { code: 'INTERNAL' },
      message: null,
    });
    expect((await history()).map((m) => m.role)).toEqual(['user']);
  });
});
