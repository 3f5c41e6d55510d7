import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/adapters/cache/memory-cache.js';
import { type CacheOperation, createResilientCache } from '../../src/adapters/cache/resilient-cache.js';
import type { Cache } from '../../src/ports/cache.js';

const silent = pino({ level: 'silent' });

function captureLogs(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = (): Array<Record<string, unknown>> =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** A cache whose every call fails the way `fail` says: rejecting, throwing synchronously, or with a non-Error. */
function brokenCache(fail: () => never): Cache {
  return { get: fail, set: fail, swap: fail, delete: fail, ping: fail, close: fail };
}

const outage = (): never => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
};

describe('resilient cache', () => {
  it('counts hits and misses of a healthy cache, and no errors', async () => {
    const cache = createResilientCache(createMemoryCache(), { logger: silent });
    await cache.set('k', { v: 1 }, 60_000);
    await cache.get('k');
    await cache.get('k');
    await cache.get('absent');
    await cache.delete('k');

    expect(cache.stats()).toEqual({ hits: 2, misses: 1, errors: 0 });
  });

  it('turns every failure into a miss or a no-op, counts it, and reports it to onError', async () => {
    const reported: Array<[string, CacheOperation]> = [];
    const cache = createResilientCache(brokenCache(outage), {
      logger: silent,
      onError: (error, operation) => reported.push([(error as Error).message, operation]),
    });

    await expect(cache.get('k')).resolves.toBeUndefined();
    await expect(cache.set('k', 'v', 1_000)).resolves.toBeUndefined();
    await expect(cache.swap('k', 'v', 'w', 1_000)).resolves.toBe(false);
    await expect(cache.delete('a', 'b')).resolves.toBeUndefined();
    await expect(cache.close()).resolves.toBeUndefined();

    expect(cache.stats()).toEqual({ hits: 0, misses: 0, errors: 5 });
    expect(reported.map(([, operation]) => operation)).toEqual(['get', 'set', 'swap', 'delete', 'close']);
    expect(reported[0]?.[0]).toBe('connect ECONNREFUSED 127.0.0.1:6379');
  });

  it('still rejects ping, so readiness sees the outage', async () => {
    const cache = createResilientCache(brokenCache(outage), { logger: silent });
    await expect(cache.ping()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(cache.stats().errors).toBe(0);
  });

  it('logs one warning per outage with the operation and error code, and one line on recovery, never the key or value', async () => {
    const { logger, lines } = captureLogs();
    let down = true;
    const healthy = createMemoryCache();
    const flaky: Cache = {
      get: (key) => (down ? outage() : healthy.get(key)),
      set: (key, value, ttl) => (down ? outage() : healthy.set(key, value, ttl)),
      swap: (key, expected, value, ttl) => (down ? outage() : healthy.swap(key, expected, value, ttl)),
      delete: (...keys) => (down ? outage() : healthy.delete(...keys)),
      ping: () => healthy.ping(),
      close: () => healthy.close(),
    };
    const cache = createResilientCache(flaky, { logger });
    await cache.set('search:senior rust berlin', { salary: 'value-canary-91d2' }, 1_000);
    await cache.get('user_context:u-42');
    await cache.delete('user_context:u-42');
    down = false;
    await cache.get('k');
    await cache.get('k');
    down = true;
    await cache.get('k');

    expect(cache.stats().errors).toBe(4);
    const logged = lines();
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({
      level: 40,
      operation: 'set',
      msg: 'Cache call failed; continuing without cache',
      error: { name: 'Error', code: 'ECONNREFUSED' },
    });
    expect(logged[1]).toMatchObject({ level: 30, operation: 'get', msg: 'Cache calls succeed again' });
    expect(logged[2]).toMatchObject({ level: 40, operation: 'get' });
    const text = JSON.stringify(logged);
    expect(text).not.toContain('value-canary-91d2');
    expect(text).not.toContain('senior rust');
    expect(text).not.toContain('u-42');
  });

  it('survives non-Error throws and an onError hook that throws', async () => {
    const { logger, lines } = captureLogs();
    const cache = createResilientCache(
      brokenCache(() => {
        throw 'a bare string';
      }),
      {
        logger,
        onError: () => {
          throw new Error('metrics sink down');
        },
      },
    );

    await expect(cache.get('k')).resolves.toBeUndefined();
    expect(cache.stats().errors).toBe(1);
    expect(lines().map((line) => line.msg)).toEqual([
      'Cache call failed; continuing without cache',
      'Cache onError hook threw',
    ]);
    expect(lines()[0]).toMatchObject({ error: { message: 'non-Error thrown' } });
  });
});
