import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import type { HistoryHead, Store } from '../../src/ports/store.js';
import { createTurnHistory } from '../../src/services/chat/turn-history.js';

/** A store whose reads fail the first `failures` times each, counting every call. */
function flakyStore(failures: number) {
  const calls = { head: 0, page: 0 };
  const summary = {
    sessionId: 's',
    fromSeq: 1,
    toSeq: 2,
    content: 'so far',
    tokenCount: 3,
    createdAt: new Date(0),
  };
  const message = (seq: number) => ({ sessionId: 's', seq }) as Message;
  const store = {
    messages: {
      head: async (_session: string, { before }: { before: number }): Promise<HistoryHead> => {
        calls.head += 1;
        if (calls.head <= failures) throw new Error('connection reset');
        return { summary, messages: [message(before - 1)] };
      },
      page: async (_session: string, { before }: { before?: number }): Promise<Message[]> => {
        calls.page += 1;
        if (calls.page <= failures) throw new Error('connection reset');
        return [message((before ?? 1) - 1)];
      },
    },
  } as unknown as Store;
  return { store, calls, summary };
}

describe('a turn’s history reads (R4.3, R13)', () => {
  it('reads the summary and the newest page once, together, for every reader of the turn', async () => {
    const { store, calls, summary } = flakyStore(0);
    const history = createTurnHistory(store, 's', 10);
    const [first, page, again] = await Promise.all([
      history.latestSummary(),
      history.pageBefore(10),
      history.latestSummary(),
    ]);
    expect(first).toEqual(summary);
    expect(again).toEqual(summary);
    expect(page.map((m) => m.seq)).toEqual([9]);
    expect(await history.pageBefore(10)).toEqual(page);
    expect(calls).toEqual({ head: 1, page: 0 });
    expect((await history.pageBefore(5)).map((m) => m.seq)).toEqual([4]);
    await history.pageBefore(5);
    expect(calls).toEqual({ head: 1, page: 1 });
  });

  it('keeps no failed read: a later reader (an after-turn job) asks the store again', async () => {
    const { store, calls, summary } = flakyStore(1);
    const history = createTurnHistory(store, 's', 10);
    await expect(history.latestSummary()).rejects.toThrow('connection reset');
    await expect(history.pageBefore(5)).rejects.toThrow('connection reset');
    expect(await history.latestSummary()).toEqual(summary);
    expect((await history.pageBefore(10)).map((m) => m.seq)).toEqual([9]);
    expect((await history.pageBefore(5)).map((m) => m.seq)).toEqual([4]);
    expect(calls).toEqual({ head: 2, page: 2 });
  });
});
