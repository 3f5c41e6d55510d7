import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../errors/parley-error.js';
import type { TurnQueue } from '../ports/turn-queue.js';

/** How the contract gets a fresh queue with a waiting-line bound and a hold time. */
export interface TurnQueueFactory {
  create(options: { limit: number; holdMs: number }): Promise<{ queue: TurnQueue; close(): Promise<void> }>;
}

const LONG_HOLD = 60_000;

/**
 * The behaviour every TurnQueue adapter must show (R3.5, R12.3): one holder per session, arrival
 * order, a bounded line, withdrawing a waiting turn, sessions independent, and an expired hold
 * passing on while its stale holder can no longer release the new one.
 */
export function turnQueueContract(name: string, factory: TurnQueueFactory): void {
  describe(`TurnQueue contract: ${name}`, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    const open = async (limit: number, holdMs = LONG_HOLD) => {
      const made = await factory.create({ limit, holdMs });
      opened.push(made);
      return made.queue;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.close()));
    });

    it('gives the session to one turn at a time, in arrival order', async () => {
      const queue = await open(5);
      const session = randomUUID();
      const first = await queue.enter(session, 't1');
      const second = await queue.enter(session, 't2');
      const third = await queue.enter(session, 't3');
      expect([first.position, second.position, third.position]).toEqual([0, 1, 2]);
      const order: string[] = [];
      const hold1 = await first.ready;
      void second.ready.then(() => order.push('t2'));
      void third.ready.then(() => order.push('t3'));
      await hold1.release();
      const hold2 = await second.ready;
      expect(order).toEqual(['t2']);
      await hold2.release();
      const hold3 = await third.ready;
      expect(order).toEqual(['t2', 't3']);
      await hold3.release();
      const again = await queue.enter(session, 't4');
      expect(again.position).toBe(0);
      await (await again.ready).release();
    });

    it('refuses a turn beyond the waiting line with SESSION_BUSY and keeps the line as it was', async () => {
      const queue = await open(1);
      const session = randomUUID();
      const first = await queue.enter(session, 't1');
      const second = await queue.enter(session, 't2');
      const error = await queue.enter(session, 't3').catch((caught: unknown) => caught);
      expect(ParleyError.is(error, 'SESSION_BUSY')).toBe(true);
      await (await first.ready).release();
      await (await second.ready).release();
    });

    it('lets a waiting turn leave: its ready rejects with CANCELLED and the next moves up', async () => {
      const queue = await open(5);
      const session = randomUUID();
      const first = await queue.enter(session, 't1');
      const second = await queue.enter(session, 't2');
      const third = await queue.enter(session, 't3');
      second.leave();
      await expect(second.ready).rejects.toMatchObject({ code: 'CANCELLED' });
      await (await first.ready).release();
      await (await third.ready).release();
    });

    it('keeps sessions independent', async () => {
      const queue = await open(0);
      const a = await queue.enter(randomUUID(), 't1');
      const b = await queue.enter(randomUUID(), 't2');
      expect([a.position, b.position]).toEqual([0, 0]);
      await Promise.all([(await a.ready).release(), (await b.ready).release()]);
    });

    it('passes an expired hold to the next turn; the stale holder can no longer release it', async () => {
      const queue = await open(5, 50);
      const session = randomUUID();
      const first = await queue.enter(session, 't1');
      const stale = await first.ready;
      expect(await stale.isCurrent()).toBe(true);
      const second = await queue.enter(session, 't2');
      const fresh = await second.ready;
      expect(fresh.fence).toBeGreaterThan(stale.fence);
      expect(await stale.isCurrent()).toBe(false);
      expect(await stale.renew()).toBe(false);
      await stale.release();
      expect(await fresh.isCurrent()).toBe(true);
      const third = await queue.enter(session, 't3');
      expect(third.position).toBe(1);
      await fresh.release();
      await (await third.ready).release();
    });
  });
}
