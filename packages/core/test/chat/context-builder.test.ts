import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import type { Summary } from '../../src/domain/summary.js';
import type { MessagePage, Store } from '../../src/ports/store.js';
import { ContextBuilder } from '../../src/services/chat/context-builder.js';

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
    messages: { page, append: () => Promise.reject(new Error('read only')) },
    summaries: { latest: async () => summary, save: async () => undefined },
  } as unknown as Store;
  return { store, reads };
}

const tokens = { count: (text: string) => Math.ceil(text.length / 4) };

describe('ContextBuilder (R4.3, R13.2)', () => {
  it.each([10, 1_000, 100_000])('reads only the window for a history of %i messages', async (length) => {
    const { store, reads } = virtualHistory(length);
    const builder = new ContextBuilder({
      store,
      tokens,
      systemPrompt: 'You help hire.',
      budgetTokens: 1_000,
    });
    const context = await builder.build('s', length);
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
    const builder = new ContextBuilder({
      store,
      tokens,
      systemPrompt: 'You help hire.',
      budgetTokens: 10_000,
    });
    const context = await builder.build('s', 100_000);
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
    const builder = new ContextBuilder({ store, tokens, systemPrompt: 'x', budgetTokens: 10 });
    const context = await builder.build('s', 3);
    expect(context.messages.map((m) => m.content)).toEqual(['x', 'message 3']);
    expect(context.truncated).toBe(true);
  });
});
