import { LRUCache } from 'lru-cache';
import type { Cache } from '../../ports/cache.js';
import { toCacheEntry } from './to-cache-entry.js';

/** Options of the in-process cache. */
export interface MemoryCacheOptions {
  /** Entries kept before the least recently used one is evicted (default 10,000). */
  maxEntries?: number;
}

/**
 * In-process LRU cache with a TTL per entry: the embedded default when no Redis is configured.
 * Values are stored as JSON text, so callers cannot mutate a cached object and values come back
 * exactly as from Redis (Dates as ISO strings; callers revive them).
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const entries = new LRUCache<string, string>({ max: options.maxEntries ?? 10_000 });
  return {
    async get<T>(key: string) {
      const json = entries.get(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    async set(key, value, ttlMs) {
      const entry = toCacheEntry(value, ttlMs);
      entries.set(key, entry.json, { ttl: entry.ttlMs });
    },
    async swap(key, expected, value, ttlMs) {
      const entry = toCacheEntry(value, ttlMs);
      const current = entries.get(key);
      if (expected === undefined ? current !== undefined : current !== JSON.stringify(expected)) return false;
      entries.set(key, entry.json, { ttl: entry.ttlMs });
      return true;
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async ping() {},
    async close() {
      entries.clear();
    },
  };
}
