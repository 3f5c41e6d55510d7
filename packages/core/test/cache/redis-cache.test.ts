import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/adapters/cache/redis-cache.js';
import { describeWith } from '../support/services.js';
import { cacheContract } from './cache-contract.js';

describeWith('redis', 'redis cache', (url) => {
  const keyPrefix = `parley-test:redis-cache:${randomUUID()}:`;
  let client: Redis;
  beforeAll(() => {
    client = new Redis(url);
  });
  afterAll(async () => {
    const keys = await client.keys(`${keyPrefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  cacheContract('redis cache with its own client', () => createRedisCache({ url, keyPrefix }));
  cacheContract('redis cache with a caller-owned client', () => createRedisCache({ client, keyPrefix }));

  describe('redis cache specifics', () => {
    it('stores JSON under the key prefix with a millisecond TTL', async () => {
      const cache = createRedisCache({ client, keyPrefix });
      await cache.set('user_context:u1', { tone: 'brief' }, 30_000);

      expect(await client.get(`${keyPrefix}user_context:u1`)).toBe('{"tone":"brief"}');
      const ttl = await client.pttl(`${keyPrefix}user_context:u1`);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
      expect(await client.get('user_context:u1')).toBeNull();
    });

    it('leaves a caller-owned client open and usable after close', async () => {
      const cache = createRedisCache({ client, keyPrefix });
      await cache.close();

      expect(client.status).toBe('ready');
      await client.set(`${keyPrefix}after-close`, 'ok', 'PX', 30_000);
      expect(await client.get(`${keyPrefix}after-close`)).toBe('ok');
    });

    it('rejects a get whose stored text is not JSON, without quoting the text', async () => {
      const cache = createRedisCache({ client, keyPrefix });
      await client.set(`${keyPrefix}garbled`, 'secret-ish plain text', 'PX', 30_000);

      const failure = await cache.get('garbled').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SyntaxError);
      expect((failure as Error).message).not.toContain('secret-ish');
    });

    it('swaps again after Redis lost its scripts (a restart or SCRIPT FLUSH)', async () => {
      const cache = createRedisCache({ client, keyPrefix });
      await cache.set('flushed', { seq: 1 }, 30_000);
      expect(await cache.swap('flushed', { seq: 1 }, { seq: 2 }, 30_000)).toBe(true);
      await client.script('FLUSH');
      expect(await cache.swap('flushed', { seq: 2 }, { seq: 3 }, 30_000)).toBe(true);
      expect(await cache.get('flushed')).toEqual({ seq: 3 });
    });

    it('answers a command on its own client right after creation', async () => {
      const cache = createRedisCache({ url, keyPrefix });
      try {
        await expect(cache.ping()).resolves.toBeUndefined();
      } finally {
        await cache.close();
      }
    });
  });
});
