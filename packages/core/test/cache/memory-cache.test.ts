import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/adapters/cache/memory-cache.js';
import { cacheContract } from './cache-contract.js';

cacheContract('memory cache', () => createMemoryCache());

describe('memory cache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    expect(await cache.get('a')).toBe(1);
    await cache.set('c', 3, 60_000);

    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
  });

  it('forgets everything on close', async () => {
    const cache = createMemoryCache();
    await cache.set('a', 1, 60_000);
    await cache.close();
    expect(await cache.get('a')).toBeUndefined();
  });
});
