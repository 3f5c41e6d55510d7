import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import { RecentMessages } from '../../src/services/conversation/recent-messages.js';

const message = (seq: number, sessionId = 's1', content = `m${seq}`): Message => ({
  id: `${sessionId}-${seq}`,
  sessionId,
  seq,
  role: seq % 2 ? 'user' : 'assistant',
  content,
  tokenCount: 1,
  status: 'complete',
  usage: null,
  toolCalls: null,
  toolCallId: null,
  createdAt: new Date(seq),
});
const seqs = (page: Message[] | undefined) => page?.map((m) => m.seq);
/** A session's messages 1..n as the store pages them: newest first, below `before`. */
const storePage = (before: number, limit: number) =>
  Array.from({ length: Math.min(limit, before - 1) }, (_, i) => message(before - 1 - i));

describe('RecentMessages: the newest messages of a session in memory (R4.3, R13)', () => {
  it('serves pages from the messages it was told of, newest first, from the session start on', () => {
    const recent = new RecentMessages();
    for (let seq = 1; seq <= 5; seq += 1) recent.stored(message(seq));
    expect(seqs(recent.pageBefore('s1', 6, 50))).toEqual([5, 4, 3, 2, 1]);
    expect(seqs(recent.pageBefore('s1', 6, 2))).toEqual([5, 4]);
    expect(seqs(recent.pageBefore('s1', 4, 50))).toEqual([3, 2, 1]);
    expect(recent.pageBefore('s1', 7, 50)).toBeUndefined();
    expect(recent.pageBefore('s2', 2, 50)).toBeUndefined();
  });

  it('asks for the store when a message was stored elsewhere meanwhile: a gap starts the run again', () => {
    const recent = new RecentMessages();
    recent.stored(message(1));
    recent.stored(message(2));
    recent.stored(message(4));
    expect(recent.pageBefore('s1', 5, 50)).toBeUndefined();
    expect(recent.pageBefore('s1', 3, 50)).toBeUndefined();
    expect(seqs(recent.pageBefore('s1', 5, 1))).toEqual([4]);
    recent.read('s1', 4, storePage(4, 50));
    expect(seqs(recent.pageBefore('s1', 5, 50))).toEqual([4, 3, 2, 1]);
  });

  it('starts a run from a page read from the store and keeps a message stored twice (a retried append) once', () => {
    const recent = new RecentMessages();
    recent.read('s1', 61, storePage(61, 50));
    expect(recent.pageBefore('s1', 61, 50)).toHaveLength(50);
    expect(recent.pageBefore('s1', 61, 60)).toBeUndefined();
    recent.stored(message(61));
    recent.stored(message(61));
    expect(seqs(recent.pageBefore('s1', 62, 3))).toEqual([61, 60, 59]);
    recent.read('s1', 11, storePage(11, 50));
    expect(seqs(recent.pageBefore('s1', 62, 60))?.at(-1)).toBe(2);
  });

  it("joins the store's page to the turn's own user message, stored just before the read (a history this process did not store)", () => {
    const recent = new RecentMessages();
    recent.stored(message(21));
    expect(recent.pageBefore('s1', 22, 50)).toBeUndefined();
    recent.read('s1', 22, storePage(22, 50));
    recent.stored(message(22));
    recent.stored(message(23));
    expect(seqs(recent.pageBefore('s1', 24, 50))).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
    // An older page touching the run from below joins it too; one overlapping its end extends it.
    const small = new RecentMessages();
    small.read('s1', 61, storePage(61, 10));
    small.read('s1', 51, storePage(51, 10));
    expect(seqs(small.pageBefore('s1', 61, 20))?.at(-1)).toBe(41);
    small.read('s1', 63, storePage(63, 5));
    expect(seqs(small.pageBefore('s1', 63, 22))).toHaveLength(22);
  });

  it('ignores a page that does not end right before `before` or skips a number', () => {
    const recent = new RecentMessages();
    recent.read('s1', 10, storePage(9, 50));
    recent.read('s1', 10, [message(9), message(7)]);
    expect(recent.pageBefore('s1', 10, 50)).toBeUndefined();
  });

  it('keeps at most perSession messages of a session and drops what it is told to', () => {
    const recent = new RecentMessages({ perSession: 3 });
    for (let seq = 1; seq <= 5; seq += 1) recent.stored(message(seq));
    recent.stored(message(1, 's2'));
    expect(seqs(recent.pageBefore('s1', 6, 3))).toEqual([5, 4, 3]);
    expect(recent.pageBefore('s1', 6, 4)).toBeUndefined();
    recent.drop('s1', 's2');
    expect(recent.pageBefore('s1', 6, 1)).toBeUndefined();
    expect(recent.pageBefore('s2', 2, 1)).toBeUndefined();
  });

  it('forgets the least recently used sessions beyond maxBytes', () => {
    const recent = new RecentMessages({ maxBytes: 2 * (300 + 2 * 1_000) });
    recent.stored(message(1, 's1', 'x'.repeat(1_000)));
    recent.stored(message(1, 's2', 'x'.repeat(1_000)));
    recent.stored(message(1, 's3', 'x'.repeat(1_000)));
    expect(recent.pageBefore('s1', 2, 1)).toBeUndefined();
    expect(seqs(recent.pageBefore('s3', 2, 1))).toEqual([1]);
  });

  it('forgets a session idle past idleMs, and keeps one that was read meanwhile', () => {
    let at = 1_000_000;
    const recent = new RecentMessages({ idleMs: 60_000, clock: { now: () => new Date(at) } });
    recent.stored(message(1, 's1'));
    recent.stored(message(1, 's2'));
    at += 50_000;
    expect(seqs(recent.pageBefore('s2', 2, 1))).toEqual([1]);
    at += 50_000;
    expect(recent.pageBefore('s1', 2, 1)).toBeUndefined();
    expect(seqs(recent.pageBefore('s2', 2, 1))).toEqual([1]);
  });
});
