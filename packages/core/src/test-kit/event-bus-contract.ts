import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBus } from '../ports/event-bus.js';
import type { ChatEvent, UserEvent } from '../services/chat/chat-events.js';
import type { Session } from '../domain/session.js';
import { TurnLog } from '../services/chat/turn-log.js';

/** How the contract gets a fresh bus (two handles on one bus where the adapter spans processes). */
export interface EventBusFactory {
  /** A publisher and a subscriber side; in-process adapters may return the same bus twice. */
  create(): Promise<{ publisher: EventBus; subscriber: EventBus; close(): Promise<void> }>;
}

/** Collects events and resolves `until(n)` once n have arrived: waits for events, never for time. */
function collector<E>() {
  const seen: E[] = [];
  let waiting: { n: number; resolve: () => void } | undefined;
  return {
    seen,
    push(event: E) {
      seen.push(event);
      if (waiting && seen.length >= waiting.n) waiting.resolve();
    },
    until(n: number): Promise<E[]> {
      if (seen.length >= n) return Promise.resolve(seen);
      return new Promise((resolve) => (waiting = { n, resolve: () => resolve(seen) }));
    },
  };
}

function turnEvents(sessionId: string, turnId: string, chunks: string[]): ChatEvent[] {
  const message = {
    id: randomUUID(),
    sessionId,
    seq: 1,
    role: 'user' as const,
    content: 'hi',
    tokenCount: 1,
    status: 'complete' as const,
    usage: null,
    toolCalls: null,
    toolCallId: null,
    createdAt: new Date(0),
  };
  return [
    { type: 'message_received', sessionId, turnId, message },
    { type: 'assistant_start', sessionId, turnId },
    ...chunks.map((text, index): ChatEvent => ({ type: 'assistant_chunk', sessionId, turnId, index, text })),
    {
      type: 'assistant_end',
      sessionId,
      turnId,
      message: { ...message, seq: 2, role: 'assistant', content: chunks.join('') },
    },
  ];
}

/**
 * The behaviour every EventBus adapter must show (R12.3): per-session and per-user delivery in
 * publish order (several events in one publish too), isolation, unsubscribe, cancel requests, and following a running turn from a chunk
 * (also when the publisher passes its own record of the turn, which may run ahead of what it published).
 */
export function eventBusContract(name: string, factory: EventBusFactory): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: Awaited<ReturnType<EventBusFactory['create']>>;
    beforeEach(async () => {
      bus = await factory.create();
    });
    afterEach(async () => {
      await bus.close();
    });

    it("delivers a session's turn events in order to that session's subscribers only", async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const seenA = collector<ChatEvent>();
      const seenB = collector<ChatEvent>();
      bus.subscriber.subscribeSession(a, seenA.push);
      bus.subscriber.subscribeSession(b, seenB.push);
      const events = turnEvents(a, randomUUID(), ['one ', 'two ', 'three']);
      for (const event of events) await bus.publisher.publishTurn([event]);
      expect(await seenA.until(events.length)).toEqual(events);
      const other = turnEvents(b, randomUUID(), ['x']);
      // Several events of a turn in one publish arrive as if published one by one.
      await bus.publisher.publishTurn(other);
      expect(await seenB.until(other.length)).toEqual(other);
      expect(seenA.seen).toHaveLength(events.length);
    });

    it("delivers user events to that user's subscribers only, and stops after unsubscribe", async () => {
      const [ada, bob] = [randomUUID(), randomUUID()];
      const seenAda = collector<UserEvent>();
      const seenBob = collector<UserEvent>();
      const stopAda = bus.subscriber.subscribeUser(ada, seenAda.push);
      bus.subscriber.subscribeUser(bob, seenBob.push);
      const session = { id: randomUUID(), userId: ada, title: 'Go engineer' } as Session;
      await bus.publisher.publishUser({ type: 'session_updated', userId: ada, session });
      expect((await seenAda.until(1))[0]).toMatchObject({ type: 'session_updated', userId: ada });
      stopAda();
      await bus.publisher.publishUser({ type: 'session_updated', userId: ada, session });
      await bus.publisher.publishUser({
        type: 'session_updated',
        userId: bob,
        session: { ...session, userId: bob },
      });
      await seenBob.until(1);
      expect(seenAda.seen).toHaveLength(1);
      expect(seenBob.seen).toHaveLength(1);
    });

    it('keeps delivering to the other listeners when one throws', async () => {
      const sessionId = randomUUID();
      const seen = collector<ChatEvent>();
      bus.subscriber.subscribeSession(sessionId, () => {
        throw new Error('broken watcher');
      });
      bus.subscriber.subscribeSession(sessionId, seen.push);
      const events = turnEvents(sessionId, randomUUID(), ['a', 'b']);
      for (const event of events) await bus.publisher.publishTurn([event]);
      expect(await seen.until(events.length)).toHaveLength(events.length);
    });

    it('carries cancel requests to every cancel subscriber', async () => {
      const seen = collector<{ sessionId: string; turnId: string }>();
      bus.subscriber.subscribeCancels(seen.push);
      const request = { sessionId: randomUUID(), turnId: randomUUID() };
      await bus.publisher.requestCancel(request);
      expect(await seen.until(1)).toEqual([request]);
    });

    it('follows a running turn from a chunk index: what it missed, then live, exactly once', async () => {
      const sessionId = randomUUID();
      const turnId = randomUUID();
      const events = turnEvents(sessionId, turnId, ['c0 ', 'c1 ', 'c2 ', 'c3 ', 'c4']);
      const [received, start, c0, c1, c2, ...rest] = events;
      const probe = collector<ChatEvent>();
      bus.subscriber.subscribeSession(sessionId, probe.push);
      await bus.publisher.publishTurn([received, start, c0, c1, c2] as ChatEvent[]);
      await probe.until(5);
      const seen = collector<ChatEvent>();
      const follow = await bus.subscriber.followTurn(turnId, seen.push, { fromChunk: 1 });
      expect(follow.found).toBe(true);
      for (const event of rest) await bus.publisher.publishTurn([event]);
      const expected = [received, start, c1, c2, ...rest];
      expect(await seen.until(expected.length)).toEqual(expected);
      follow.stop();
    });

    it("follows a turn published with the publisher's record: only what was published, each once", async () => {
      const sessionId = randomUUID();
      const turnId = randomUUID();
      const events = turnEvents(sessionId, turnId, ['r0 ', 'r1 ', 'r2 ', 'r3']);
      // The publisher's record already holds every event; only the first four are published yet.
      const record = new TurnLog();
      for (const event of events) record.append(event);
      const probe = collector<ChatEvent>();
      bus.subscriber.subscribeSession(sessionId, probe.push);
      for (const event of events.slice(0, 4)) await bus.publisher.publishTurn([event], record);
      await probe.until(4);
      const seen = collector<ChatEvent>();
      const follow = await bus.subscriber.followTurn(turnId, seen.push, { fromChunk: 1 });
      expect(follow.found).toBe(true);
      await bus.publisher.publishTurn(events.slice(4), record);
      const expected = events.filter((event) => event.type !== 'assistant_chunk' || event.index >= 1);
      expect(await seen.until(expected.length)).toEqual(expected);
      follow.stop();
    });

    it('does not know a turn that ended or never ran', async () => {
      const sessionId = randomUUID();
      const turnId = randomUUID();
      const probe = collector<ChatEvent>();
      bus.subscriber.subscribeSession(sessionId, probe.push);
      const events = turnEvents(sessionId, turnId, ['x']);
      for (const event of events) await bus.publisher.publishTurn([event]);
      await probe.until(events.length);
      const calls: ChatEvent[] = [];
      expect((await bus.subscriber.followTurn(turnId, (event) => calls.push(event))).found).toBe(false);
      expect((await bus.subscriber.followTurn(randomUUID(), (event) => calls.push(event))).found).toBe(false);
      expect(calls).toEqual([]);
    });
  });
}
