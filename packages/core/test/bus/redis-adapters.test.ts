import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../src/errors/parley-error.js';
import type { EventBus } from '../../src/ports/event-bus.js';
import type { ChatEvent } from '../../src/services/chat/chat-events.js';
import { createRedisEventBus } from '../../src/adapters/bus/redis-event-bus.js';
import { COMMAND_TIMEOUT_MS } from '../../src/adapters/cache/optional-redis-client.js';
import { createRedisTurnQueue } from '../../src/adapters/queue/redis-turn-queue.js';
import { eventBusContract } from '../../src/test-kit/event-bus-contract.js';
import { turnQueueContract } from '../../src/test-kit/turn-queue-contract.js';
import { describeWith } from '../support/services.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

/** Delta `index` of a turn, its index as its text. */
function chunkOf(sessionId: string, turnId: string, index: number): ChatEvent {
  return { type: 'assistant_chunk', sessionId, turnId, index, text: String(index) };
}

/** An event as the tests list it: `chunk <index>` for a delta, else its type. */
function eventLabel(event: ChatEvent): string {
  return event.type === 'assistant_chunk' ? `chunk ${event.index}` : event.type;
}

/** Publishes chunk `index` of one turn and records the chunk indexes a watcher of its session gets; `second` resolves at chunk 1. */
function watchTwoChunks(bus: EventBus) {
  const sessionId = randomUUID();
  const turnId = randomUUID();
  const seen: number[] = [];
  let arrived!: () => void;
  const second = new Promise<void>((resolve) => (arrived = resolve));
  bus.subscribeSession(sessionId, (event) => {
    if (event.type !== 'assistant_chunk') return;
    seen.push(event.index);
    if (event.index === 1) arrived();
  });
  const chunk = (index: number) => bus.publishTurn([chunkOf(sessionId, turnId, index)]);
  return { seen, chunk, second };
}

describeWith('redis', 'redis bus and queue', (url) => {
  const prefixes: string[] = [];
  const freshPrefix = () => {
    const prefix = `parley-test:bus:${randomUUID()}:`;
    prefixes.push(prefix);
    return prefix;
  };
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(url);
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
    }
    await admin.quit();
  });

  eventBusContract('redis, two processes', {
    async create() {
      const keyPrefix = freshPrefix();
      const publisher = await createRedisEventBus({ url, keyPrefix });
      const subscriber = await createRedisEventBus({ url, keyPrefix });
      return {
        publisher,
        subscriber,
        close: async () => {
          await Promise.all([publisher.close(), subscriber.close()]);
        },
      };
    },
  });

  turnQueueContract('redis', {
    async create(options) {
      const queue = await createRedisTurnQueue({ url, keyPrefix: freshPrefix(), ...options });
      return { queue, close: () => queue.close() };
    },
  });

  describe('redis specifics', () => {
    it("still delivers this process's event to its own watchers, once, when Redis hangs while it is published", async () => {
      const target = new URL(url);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
      const publisher = await createRedisEventBus({
        url: `redis://${target.hostname}:${proxy.port}`,
        keyPrefix: freshPrefix(),
      });
      try {
        const { seen, chunk, second } = watchTwoChunks(publisher);
        proxy.hang();
        const hung = chunk(0);
        // Handed over as it is published, without waiting for Redis.
        expect(seen).toEqual([0]);
        await hung;
        expect(seen).toEqual([0]);
        proxy.forward();
        await chunk(1);
        await second;
        expect(seen).toEqual([0, 1]);
      } finally {
        await publisher.close();
        await proxy.close();
      }
    });

    it("hands an event to this process's watchers as it is published and drops Redis's echo; another process's get it through Redis, each once", async () => {
      const keyPrefix = freshPrefix();
      const publisher = await createRedisEventBus({ url, keyPrefix });
      const other = await createRedisEventBus({ url, keyPrefix });
      try {
        const sessionId = randomUUID();
        const turnId = randomUUID();
        const own: string[] = [];
        const elsewhere: string[] = [];
        const markers = {
          [randomUUID()]: 'marker from the other',
          [randomUUID()]: 'marker from the publisher',
        };
        const [fromOther, fromPublisher] = Object.keys(markers) as [string, string];
        const label = (event: ChatEvent) => markers[event.turnId] ?? event.type;
        /** Resolves once `list` holds `count` events. */
        const reaching = (list: string[], count: number) => {
          const waiters: Array<() => void> = [];
          const check = () => {
            if (list.length >= count) for (const done of waiters.splice(0)) done();
          };
          return { check, reached: new Promise<void>((resolve) => waiters.push(resolve)) };
        };
        const ownMarker = reaching(own, 3);
        const otherSecond = reaching(elsewhere, 2);
        const otherMarkers = reaching(elsewhere, 4);
        publisher.subscribeSession(sessionId, (event) => {
          own.push(label(event));
          ownMarker.check();
        });
        other.subscribeSession(sessionId, (event) => {
          elsewhere.push(label(event));
          otherSecond.check();
          otherMarkers.check();
        });
        const published = publisher.publishTurn([
          { type: 'assistant_start', sessionId, turnId },
          { type: 'assistant_chunk', sessionId, turnId, index: 0, text: 'a' },
        ]);
        expect(own).toEqual(['assistant_start', 'assistant_chunk']);
        await published;
        await otherSecond.reached;
        // Redis sends its subscribers messages in publish order: once the other process's marker is
        // back at the publisher, so is the echo of the publisher's own events, which it must have
        // dropped; and once the publisher's marker reached the other process, so has the echo of
        // the other's marker.
        await other.publishTurn([{ type: 'assistant_start', sessionId, turnId: fromOther }]);
        await ownMarker.reached;
        await publisher.publishTurn([{ type: 'assistant_start', sessionId, turnId: fromPublisher }]);
        await otherMarkers.reached;
        const expected = [
          'assistant_start',
          'assistant_chunk',
          'marker from the other',
          'marker from the publisher',
        ];
        expect(own).toEqual(expected);
        expect(elsewhere).toEqual(expected);
      } finally {
        await publisher.close();
        await other.close();
      }
    });

    it('delivers an event once when the event loop was blocked past the command timeout while it was published', async () => {
      const keyPrefix = freshPrefix();
      const publisher = await createRedisEventBus({ url, keyPrefix });
      const { seen, chunk, second } = watchTwoChunks(publisher);
      const first = chunk(0);
      // Busy for longer than the command timeout: the reply is read only after the timeout fired.
      const until = Date.now() + COMMAND_TIMEOUT_MS + 100;
      while (Date.now() < until);
      await first;
      await chunk(1);
      await second;
      expect(seen).toEqual([0, 1]);
      await publisher.close();
    });

    it("keeps a running turn's log under the key prefix with a TTL, and ends it shortly after its last event", async () => {
      const keyPrefix = freshPrefix();
      const bus = await createRedisEventBus({ url, keyPrefix, turnLogTtlMs: 60_000, endedLogTtlMs: 5_000 });
      const [sessionId, turnId] = [randomUUID(), randomUUID()];
      await bus.publishTurn([{ type: 'assistant_start', sessionId, turnId }]);
      await bus.publishTurn([{ type: 'assistant_chunk', sessionId, turnId, index: 0, text: 'Hi' }]);
      const key = `${keyPrefix}turn-log:${turnId}`;
      expect(await admin.xlen(key)).toBe(2);
      expect(await admin.pttl(key)).toBeGreaterThan(5_000);
      await bus.publishTurn([
        {
          type: 'assistant_error',
          sessionId,
          turnId,
          error: { code: 'CANCELLED', message: 'stopped' },
          message: null,
        },
      ]);
      expect(await admin.pttl(key)).toBeLessThanOrEqual(5_000);
      expect((await bus.followTurn(turnId, () => undefined)).found).toBe(false);
      await bus.close();
    });

    it("keeps one publish's events as one log entry, and a follower on another process gets each event once, from the log or live", async () => {
      const keyPrefix = freshPrefix();
      const publisher = await createRedisEventBus({ url, keyPrefix });
      const other = await createRedisEventBus({ url, keyPrefix });
      try {
        const [sessionId, turnId] = [randomUUID(), randomUUID()];
        const chunk = (index: number) => chunkOf(sessionId, turnId, index);
        await publisher.publishTurn([{ type: 'assistant_start', sessionId, turnId }, chunk(0), chunk(1)]);
        expect(await admin.xlen(`${keyPrefix}turn-log:${turnId}`)).toBe(1);
        const seen: string[] = [];
        let ended!: () => void;
        const end = new Promise<void>((resolve) => (ended = resolve));
        const followed = await other.followTurn(
          turnId,
          (event) => {
            seen.push(eventLabel(event));
            if (event.type === 'assistant_error') ended();
          },
          { fromChunk: 1 },
        );
        expect(followed.found).toBe(true);
        await publisher.publishTurn([
          chunk(2),
          chunk(3),
          {
            type: 'assistant_error',
            sessionId,
            turnId,
            error: { code: 'CANCELLED', message: 'stopped' },
            message: null,
          },
        ]);
        await end;
        expect(seen).toEqual(['assistant_start', 'chunk 1', 'chunk 2', 'chunk 3', 'assistant_error']);
        expect(await admin.xlen(`${keyPrefix}turn-log:${turnId}`)).toBe(2);
      } finally {
        await publisher.close();
        await other.close();
      }
    });

    it("delivers each event to this process's watchers as it is published, and sends those published while a send is under way as one log entry", async () => {
      const keyPrefix = freshPrefix();
      const bus = await createRedisEventBus({ url, keyPrefix });
      const other = await createRedisEventBus({ url, keyPrefix });
      try {
        const [sessionId, turnId] = [randomUUID(), randomUUID()];
        const chunk = (index: number) => chunkOf(sessionId, turnId, index);
        const seen: string[] = [];
        const stop = bus.subscribeSession(sessionId, (event) => seen.push(eventLabel(event)));
        const started = bus.publishTurn([{ type: 'assistant_start', sessionId, turnId }]);
        expect(seen).toEqual(['assistant_start']);
        // The first send has gone out (and may be back): the next two are published after it.
        await new Promise((resolve) => setImmediate(resolve));
        const sent = [started, bus.publishTurn([chunk(0)]), bus.publishTurn([chunk(1)])];
        expect(seen).toEqual(['assistant_start', 'chunk 0', 'chunk 1']);
        await Promise.all(sent);
        expect(await admin.xlen(`${keyPrefix}turn-log:${turnId}`)).toBe(2);
        const replayed: string[] = [];
        const followed = await other.followTurn(turnId, (event) => replayed.push(eventLabel(event)));
        followed.stop();
        expect(replayed).toEqual(['assistant_start', 'chunk 0', 'chunk 1']);
        stop();
      } finally {
        await bus.close();
        await other.close();
      }
    });

    it('reads a turn log entry holding one event, as processes before batched logs wrote them', async () => {
      const keyPrefix = freshPrefix();
      const bus = await createRedisEventBus({ url, keyPrefix });
      try {
        const [sessionId, turnId] = [randomUUID(), randomUUID()];
        const key = `${keyPrefix}turn-log:${turnId}`;
        await admin.xadd(key, '*', 'e', JSON.stringify({ type: 'assistant_start', sessionId, turnId }));
        await admin.xadd(
          key,
          '*',
          'e',
          JSON.stringify({ type: 'assistant_chunk', sessionId, turnId, index: 0, text: 'Hi' }),
        );
        const seen: ChatEvent[] = [];
        const followed = await bus.followTurn(turnId, (event) => seen.push(event));
        followed.stop();
        expect(followed.found).toBe(true);
        expect(seen.map((event) => event.type)).toEqual(['assistant_start', 'assistant_chunk']);
      } finally {
        await bus.close();
      }
    });

    it("runs its scripts again after Redis lost them (a restart or SCRIPT FLUSH), sending each one's text once more", async () => {
      const keyPrefix = freshPrefix();
      const bus = await createRedisEventBus({ url, keyPrefix });
      const queue = await createRedisTurnQueue({ url, keyPrefix, limit: 5, holdMs: 60_000 });
      try {
        const [sessionId, turnId] = [randomUUID(), randomUUID()];
        await bus.publishTurn([{ type: 'assistant_start', sessionId, turnId }]);
        await (await (await queue.enter(sessionId, 't1')).ready).release();
        await admin.script('FLUSH');
        await bus.publishTurn([{ type: 'assistant_chunk', sessionId, turnId, index: 0, text: 'Hi' }]);
        expect(await admin.xlen(`${keyPrefix}turn-log:${turnId}`)).toBe(2);
        const hold = await (await queue.enter(sessionId, 't2')).ready;
        expect(await hold.isCurrent()).toBe(true);
        await hold.release();
      } finally {
        await Promise.all([bus.close(), queue.close()]);
      }
    });

    it("passes the hold of two processes' turns in order, the second process waiting for the first's release", async () => {
      const keyPrefix = freshPrefix();
      const one = await createRedisTurnQueue({ url, keyPrefix, limit: 5, holdMs: 60_000 });
      const two = await createRedisTurnQueue({ url, keyPrefix, limit: 5, holdMs: 60_000 });
      const session = randomUUID();
      const first = await one.enter(session, 't1');
      const second = await two.enter(session, 't2');
      expect([first.position, second.position]).toEqual([0, 1]);
      const held = await first.ready;
      await held.release();
      const next = await second.ready;
      expect(next.fence).toBeGreaterThan(held.fence);
      await next.release();
      await Promise.all([one.close(), two.close()]);
    });

    it('skips a waiting turn whose process vanished once its place expires', async () => {
      const keyPrefix = freshPrefix();
      const crashed = await createRedisTurnQueue({ url, keyPrefix, limit: 5, holdMs: 100 });
      const alive = await createRedisTurnQueue({ url, keyPrefix, limit: 5, holdMs: 60_000 });
      const session = randomUUID();
      const first = await alive.enter(session, 't1');
      const vanished = await crashed.enter(session, 't2');
      // Its process is gone before its turn: nobody waits for it any more.
      vanished.ready.catch(() => undefined);
      const third = await alive.enter(session, 't3');
      expect(third.position).toBe(2);
      await crashed.close();
      await (await first.ready).release();
      const hold = await third.ready;
      expect(await hold.isCurrent()).toBe(true);
      await hold.release();
      await alive.close();
    });
  });
});

describe('redis bus and queue while Redis is unreachable', () => {
  it("still deliver this process's events and keep its sessions' order in memory", async () => {
    const url = 'redis://127.0.0.1:9';
    const bus = await createRedisEventBus({ url });
    const queue = await createRedisTurnQueue({ url, limit: 1, holdMs: 60_000 });
    const [sessionId, turnId] = [randomUUID(), randomUUID()];
    const seen: ChatEvent[] = [];
    bus.subscribeSession(sessionId, (event) => seen.push(event));
    const together: ChatEvent[] = [
      { type: 'assistant_start', sessionId, turnId },
      { type: 'assistant_chunk', sessionId, turnId, index: 0, text: 'Hi' },
      { type: 'assistant_chunk', sessionId, turnId, index: 1, text: ' there' },
    ];
    await bus.publishTurn(together.slice(0, 1));
    expect(seen).toEqual(together.slice(0, 1));
    await bus.publishTurn(together.slice(1));
    expect(seen).toEqual(together);

    const first = await queue.enter(sessionId, 't1');
    const second = await queue.enter(sessionId, 't2');
    expect([first.position, second.position]).toEqual([0, 1]);
    const full = await queue.enter(sessionId, 't3').catch((error: unknown) => error);
    expect(ParleyError.is(full, 'SESSION_BUSY')).toBe(true);
    await (await first.ready).release();
    await (await second.ready).release();
    await Promise.all([bus.close(), queue.close()]);
  });
});
