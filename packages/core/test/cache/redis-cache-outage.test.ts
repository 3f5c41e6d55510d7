import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/adapters/cache/redis-cache.js';
import { createResilientCache, type ResilientCache } from '../../src/adapters/cache/resilient-cache.js';
import type { Cache } from '../../src/ports/cache.js';
import {
  type DisposableRedis,
  describeWithRedisServer,
  freePort,
  startDisposableRedis,
} from '../support/disposable-redis.js';

// The one timing bound the cache allows (R2.4): with Redis away a call must fall through at once,
// not wait on ioredis's offline queue or retries. Asserted loosely for a loaded 2-core machine.
const FALLTHROUGH_BOUND_MS = 250;
const VALUE_CANARY = 'value-canary-3f9c1e';

interface Captured {
  lines: () => Array<Record<string, unknown>>;
  text: () => string;
  /** Resolves once a line with this message has been logged (ioredis reports an outage on its own time). */
  logged: (msg: string) => Promise<void>;
}

function captureLogs(): { logger: Logger; logs: Captured } {
  const chunks: string[] = [];
  const waiting: Array<{ msg: string; resolve: () => void }> = [];
  const text = (): string => chunks.join('');
  const lines = (): Array<Record<string, unknown>> =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const seen = (msg: string): boolean => lines().some((line) => line.msg === msg);
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      for (const waiter of waiting.filter((w) => seen(w.msg))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      done();
    },
  });
  const logged = (msg: string): Promise<void> =>
    seen(msg) ? Promise.resolve() : new Promise((resolve) => waiting.push({ msg, resolve }));
  return { logger: pino({ level: 'info' }, stream), logs: { lines, text, logged } };
}

async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await call();
  return { result, ms: performance.now() - started };
}

/** Every call falls through (miss / dropped write) well inside the bound, and is counted. */
async function expectFallthrough(cache: ResilientCache): Promise<void> {
  const errorsBefore = cache.stats().errors;
  const get = await timed(() => cache.get('outage:key'));
  const set = await timed(() => cache.set('outage:key', { secret: VALUE_CANARY }, 60_000));
  const del = await timed(() => cache.delete('outage:key', 'outage:other'));

  expect(get.result).toBeUndefined();
  expect(set.result).toBeUndefined();
  expect(del.result).toBeUndefined();
  expect(get.ms).toBeLessThan(FALLTHROUGH_BOUND_MS);
  expect(set.ms).toBeLessThan(FALLTHROUGH_BOUND_MS);
  expect(del.ms).toBeLessThan(FALLTHROUGH_BOUND_MS);
  expect(cache.stats().errors).toBe(errorsBefore + 3);
}

async function untilRoundTrip(cache: Cache, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    await cache.set('outage:back', { attempt }, 60_000);
    if ((await cache.get<{ attempt: number }>('outage:back'))?.attempt === attempt) return attempt;
    if (Date.now() > deadline) throw new Error(`the cache did not recover within ${timeoutMs} ms`);
    await sleep(50);
  }
}

const warnings = (logs: Captured, msg: string): Array<Record<string, unknown>> =>
  logs.lines().filter((line) => line.level === 40 && line.msg === msg);

describeWithRedisServer('resilient redis cache while redis stops and returns', () => {
  let redis: DisposableRedis | undefined;
  let cache: ResilientCache | undefined;
  afterEach(async () => {
    await cache?.close();
    await redis?.stop();
  });

  it('falls through at once while redis is down, logs without values, and recovers on its own', async () => {
    redis = await startDisposableRedis();
    const { logger, logs } = captureLogs();
    cache = createResilientCache(createRedisCache({ url: redis.url, keyPrefix: 'outage:', logger }), {
      logger,
    });

    await cache.set('outage:key', 'before', 60_000);
    expect(await cache.get('outage:key')).toBe('before');
    expect(cache.stats()).toEqual({ hits: 1, misses: 0, errors: 0 });

    await redis.stop();
    await expectFallthrough(cache);
    await expectFallthrough(cache);
    await expect(cache.ping()).rejects.toThrow();

    expect(cache.stats()).toMatchObject({ hits: 1, errors: 6 });
    const failed = warnings(logs, 'Cache call failed; continuing without cache');
    expect(failed.map((line) => line.operation)).toEqual(['get']);
    await logs.logged('Redis cache unavailable');
    expect(warnings(logs, 'Redis cache unavailable')).toHaveLength(1);
    expect(logs.text()).not.toContain(VALUE_CANARY);
    expect(logs.text()).not.toContain('before');

    await redis.start();
    await untilRoundTrip(cache, 5_000);
    expect(logs.lines().some((line) => line.msg === 'Redis cache reconnected')).toBe(true);
    expect(logs.lines().filter((line) => line.msg === 'Cache calls succeed again')).toHaveLength(1);
    expect(warnings(logs, 'Redis cache unavailable')).toHaveLength(1);
  });
});

describe('resilient redis cache pointed at a closed port', () => {
  let cache: ResilientCache | undefined;
  afterEach(async () => {
    await cache?.close();
  });

  it('falls through at once from the first call on, and ping rejects', async () => {
    const { logger, logs } = captureLogs();
    const url = `redis://127.0.0.1:${await freePort()}`;
    cache = createResilientCache(createRedisCache({ url, logger }), { logger });

    await expectFallthrough(cache);
    await expectFallthrough(cache);
    await expect(cache.ping()).rejects.toThrow();

    expect(cache.stats()).toEqual({ hits: 0, misses: 0, errors: 6 });
    expect(warnings(logs, 'Redis cache unavailable')).toHaveLength(1);
    expect(logs.text()).not.toContain(VALUE_CANARY);
  });
});
