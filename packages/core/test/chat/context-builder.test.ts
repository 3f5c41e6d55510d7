import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import type { Summary } from '../../src/domain/summary.js';
import type { MessagePage, Store } from '../../src/ports/store.js';
import pino from 'pino';
import type { ContextSource } from '../../src/ports/context-source.js';
import {
  CONTEXT_ORDER,
  ContextBuilder,
  systemInstructions,
} from '../../src/services/chat/context-builder.js';

/** A read-only store over a virtual history of `length` messages that counts what the builder reads. */
function virtualHistory(length: number, summary?: Summary) {
  const reads = { queries: 0, rows: 0 };
  const message = (seq: number): Message => ({
    id: `m${seq}`,
    sessionId: 's',
    seq,
    role: seq % 2 ? 'user' : 'assistant',
    content: `message ${seq}`,
    tokenCount: 20,
    status: 'complete',
    usage: null,
    toolCalls: null,
    toolCallId: null,
    createdAt: new Date(0),
  });
  const page = async (_session: string, { before, after, limit, order }: MessagePage) => {
    reads.queries += 1;
    const rows: Message[] = [];
    const high = Math.min(length, (before ?? length + 1) - 1);
    const low = Math.max(1, (after ?? 0) + 1);
    if (order === 'desc')
      for (let seq = high; seq >= low && rows.length < limit; seq--) rows.push(message(seq));
    else for (let seq = low; seq <= high && rows.length < limit; seq++) rows.push(message(seq));
    reads.rows += rows.length;
    return rows;
  };
  const store = {
    messages: {
      page,
      head: async (session: string, { before, limit }: { before: number; limit: number }) => ({
        summary,
        messages: await page(session, { before, limit, order: 'desc' }),
      }),
      append: () => Promise.reject(new Error('read only')),
    },
    summaries: { latest: async () => summary, save: async () => undefined },
  } as unknown as Store;
  return { store, reads };
}

const tokens = { count: (text: string) => Math.ceil(text.length / 4) };

const target = (seq: number) => ({
  userId: 'u',
  sessionId: 's',
  userMessage: { seq, content: 'Go salaries?' },
});

function builder(
  store: Store,
  budgetTokens: number,
  sources: ContextSource[] = [],
  systemPrompt = 'You help hire.',
) {
  const built = new ContextBuilder({
    store,
    tokens,
    sources: [systemInstructions(systemPrompt, tokens), ...sources],
    budgetTokens,
    sourceTimeoutMs: 200,
    logger: pino({ level: 'silent' }),
  });
  return { built, skipped: () => built.skipped().map(({ source, reason }) => [source, reason]) };
}

/** A source that answers with one system message of `text`, costing what the counter says. */
function source(name: string, order: number, budgetShare: number, text: string): ContextSource {
  return {
    name,
    order,
    budgetShare,
    build: async ({ countTokens }) => ({
      messages: [{ role: 'system', content: text }],
      tokens: countTokens(text) + 4,
    }),
  };
}

describe('ContextBuilder (R4.3, R13.2)', () => {
  it.each([10, 1_000, 100_000])('reads only the window for a history of %i messages', async (length) => {
    const { store, reads } = virtualHistory(length);
    const context = await builder(store, 1_000).built.build(target(length));
    const fits = Math.min(length, Math.floor((1_000 - 4 - 4) / 24));
    expect(context.messages).toHaveLength(1 + fits);
    expect(context.messages.at(-1)).toEqual({
      role: length % 2 ? 'user' : 'assistant',
      content: `message ${length}`,
    });
    expect(context.truncated).toBe(length > fits);
    expect(reads.rows).toBeLessThanOrEqual(fits + 50);
    expect(reads.queries).toBeLessThanOrEqual(2);
  });

  it('stops at the summary boundary and puts the summary after the system prompt', async () => {
    const summary: Summary = {
      sessionId: 's',
      content: 'Earlier: Go role.',
      fromSeq: 1,
      toSeq: 99_990,
      tokenCount: 5,
      createdAt: new Date(0),
    };
    const { store, reads } = virtualHistory(100_000, summary);
    const context = await builder(store, 10_000).built.build(target(100_000));
    expect(context.messages[1]).toEqual({
      role: 'system',
      content: 'Summary of the earlier conversation:\nEarlier: Go role.',
    });
    expect(context.messages).toHaveLength(2 + 10);
    expect(context).toMatchObject({ truncated: false, windowFromSeq: 99_991, summaryToSeq: 99_990 });
    expect(reads.rows).toBeLessThanOrEqual(50);
  });

  it('always keeps the newest message even when it alone exceeds the budget', async () => {
    const { store } = virtualHistory(3);
    const context = await builder(store, 10, [], 'x').built.build(target(3));
    expect(context.messages.map((m) => m.content)).toEqual(['x', 'message 3']);
    expect(context.truncated).toBe(true);
  });

  it('places sources by their order: system, memory, brief, summary, retrieved, window', async () => {
    const summary: Summary = {
      sessionId: 's',
      content: 'S',
      fromSeq: 1,
      toSeq: 5,
      tokenCount: 1,
      createdAt: new Date(0),
    };
    const { store } = virtualHistory(8, summary);
    const { built } = builder(store, 2_000, [
      source('retrieved', CONTEXT_ORDER.retrieved, 0.2, 'RETRIEVED'),
      source('memory', CONTEXT_ORDER.memory, 0.1, 'MEMORY'),
      source('brief', CONTEXT_ORDER.brief, 0.2, 'BRIEF'),
    ]);
    const context = await built.build(target(8));
    expect(context.parts.map((part) => part.name)).toEqual([
      'system',
      'memory',
      'brief',
      'summary',
      'retrieved',
      'window',
    ]);
    expect(context.messages.map((m) => m.content)).toEqual([
      'You help hire.',
      'MEMORY',
      'BRIEF',
      'Summary of the earlier conversation:\nS',
      'RETRIEVED',
      'message 6',
      'message 7',
      'message 8',
    ]);
    expect(context.promptTokens).toBe(context.parts.reduce((sum, part) => sum + part.tokens, 0));
  });

  it('leaves out a source over its share of the budget, and the window takes what the others left', async () => {
    const { store } = virtualHistory(1_000);
    const { built, skipped } = builder(store, 1_000, [
      source('memory', CONTEXT_ORDER.memory, 0.1, 'm'.repeat(4 * 200)),
      source('brief', CONTEXT_ORDER.brief, 0.3, 'b'.repeat(4 * 250)),
    ]);
    const context = await built.build(target(1_000));
    expect(context.parts.map((part) => part.name)).toEqual(['system', 'brief', 'window']);
    expect(skipped()).toEqual([['memory', 'over_budget']]);
    const brief = context.parts.find((part) => part.name === 'brief');
    expect(brief?.tokens).toBeLessThanOrEqual(300);
    expect(context.promptTokens).toBeLessThanOrEqual(1_000);
    const window = context.parts.find((part) => part.name === 'window');
    expect(window?.tokens).toBe(Math.floor((1_000 - 8 - 254) / 24) * 24);
  });

  it('skips a source that throws or does not answer in time, and still builds the prompt', async () => {
    const { store } = virtualHistory(4);
    const failing: ContextSource = {
      name: 'memory',
      order: CONTEXT_ORDER.memory,
      budgetShare: 0.1,
      build: async () => {
        throw new Error('memory store down');
      },
    };
    let aborted = false;
    const hanging: ContextSource = {
      name: 'retrieved',
      order: CONTEXT_ORDER.retrieved,
      budgetShare: 0.1,
      build: ({ signal }) =>
        new Promise(() => signal.addEventListener('abort', () => (aborted = true), { once: true })),
    };
    const { built, skipped } = builder(store, 1_000, [failing, hanging]);
    const context = await built.build(target(4));
    expect(context.parts.map((part) => part.name)).toEqual(['system', 'window']);
    expect(context.messages.at(-1)?.content).toBe('message 4');
    expect(skipped()).toEqual([
      ['memory', 'failed'],
      ['retrieved', 'timeout'],
    ]);
    expect(aborted).toBe(true);
  });

  it('hands each source what its prepare started; one whose prepare throws reads for itself, one whose prepared read fails is skipped', async () => {
    const { store } = virtualHistory(4);
    const ownReads: string[] = [];
    const preparing = (
      name: string,
      order: number,
      prepare: () => Promise<string>,
    ): ContextSource<string> => ({
      name,
      order,
      budgetShare: 0.1,
      prepare,
      build: async ({ prepared }) => {
        const text = prepared ? await prepared : (ownReads.push(name), `${name} read in build`);
        return { messages: [{ role: 'system', content: text }], tokens: 8 };
      },
    });
    const { built, skipped } = builder(store, 1_000, [
      preparing('memory', CONTEXT_ORDER.memory, async () => 'memory read early'),
      preparing('brief', CONTEXT_ORDER.brief, () => {
        throw new Error('not ready');
      }),
      preparing('retrieved', CONTEXT_ORDER.retrieved, () => Promise.reject(new Error('index offline'))),
    ]);
    const prepared = built.prepare({
      userId: 'u',
      sessionId: 's',
      content: 'hi',
      signal: new AbortController().signal,
    });
    const context = await built.build({ ...target(4), prepared });
    expect(context.messages.map((m) => m.content)).toEqual([
      'You help hire.',
      'memory read early',
      'brief read in build',
      'message 1',
      'message 2',
      'message 3',
      'message 4',
    ]);
    expect(ownReads).toEqual(['brief']);
    expect(skipped()).toEqual([['retrieved', 'failed']]);
  });

  it('drops a prepared read that fails when the turn never builds its prompt (no unhandled rejection)', async () => {
    const { store } = virtualHistory(1);
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const { built } = builder(store, 1_000, [
        {
          name: 'memory',
          order: CONTEXT_ORDER.memory,
          budgetShare: 0.1,
          prepare: () => Promise.reject(new Error('cache down')),
          build: async () => null,
        },
      ]);
      built.prepare({ userId: 'u', sessionId: 's', content: 'hi', signal: new AbortController().signal });
      // Node reports a rejection nobody handled once the microtasks of this turn of the loop are done.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('counts a text its sources send again only once, and a changed text afresh (R4.3)', async () => {
    const counted: string[] = [];
    const counting = { count: (text: string) => (counted.push(text), tokens.count(text)) };
    let brief = 'Hiring: a Go engineer.';
    const briefSource: ContextSource = {
      name: 'brief',
      order: CONTEXT_ORDER.brief,
      budgetShare: 0.5,
      build: async ({ countTokens }) => ({
        messages: [{ role: 'system', content: brief }],
        tokens: countTokens(brief) + 4,
      }),
    };
    const built = new ContextBuilder({
      store: virtualHistory(10).store,
      tokens: counting,
      sources: [briefSource],
      budgetTokens: 1_000,
      sourceTimeoutMs: 200,
      logger: pino({ level: 'silent' }),
    });
    const first = await built.build(target(10));
    const second = await built.build(target(10));
    brief = 'Hiring: a Go engineer, remote.';
    const third = await built.build(target(10));
    expect(counted).toEqual(['Hiring: a Go engineer.', 'Hiring: a Go engineer, remote.']);
    expect(second.parts).toEqual(first.parts);
    expect(third.parts.find((part) => part.name === 'brief')?.tokens).toBe(tokens.count(brief) + 4);
  });
});
