import { createHash } from 'node:crypto';
import type { Cache } from '../../ports/cache.js';
import type { Clock } from '../../ports/clock.js';
import type { SearchHit } from '../../ports/search-provider.js';

/** How long an expired entry is still kept as the stale answer for when the provider fails. */
const STALE_KEEP_MS = 7 * 86_400_000;

interface CachedSearch {
  hits: SearchHit[];
  storedAt: string;
}

/** A cached answer to one query; `fresh` while younger than the TTL. */
export interface CacheEntry {
  hits: SearchHit[];
  storedAt: Date;
  fresh: boolean;
}

/**
 * Provider answers per normalised query and options (R8.3), through the cache port. Entries live
 * past their TTL so a failing provider can still be answered with the last results, marked stale.
 * Keys are a hash of the query and options only: never the API key.
 */
export class SearchCache {
  constructor(private readonly deps: { cache: Cache; clock: Clock; ttlMs: number }) {}

  /** The cache key of a query with its options (case and spacing of the query do not matter). */
  static key(query: string, options: Record<string, unknown>): string {
    const normalised = query.trim().toLowerCase().replace(/\s+/g, ' ');
    const fingerprint = JSON.stringify([
      normalised,
      Object.entries(options).sort(([a], [b]) => a.localeCompare(b)),
    ]);
    return `search:v1:${createHash('sha256').update(fingerprint).digest('hex')}`;
  }

  /** The entry, or undefined on a miss; a failing cache reads as a miss. */
  async get(key: string): Promise<CacheEntry | undefined> {
    const cached = await this.deps.cache.get<CachedSearch>(key).catch(() => undefined);
    if (!cached) return undefined;
    const storedAt = new Date(cached.storedAt);
    const fresh = this.deps.clock.now().getTime() - storedAt.getTime() < this.deps.ttlMs;
    return { hits: cached.hits, storedAt, fresh };
  }

  /** Stores the answer; a failing cache only costs the next repeat a request. */
  async put(key: string, hits: SearchHit[]): Promise<void> {
    const entry: CachedSearch = { hits, storedAt: this.deps.clock.now().toISOString() };
    await this.deps.cache.set(key, entry, this.deps.ttlMs + STALE_KEEP_MS).catch(() => undefined);
  }
}
