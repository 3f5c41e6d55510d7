import type { Logger } from 'pino';
import type { Cache } from '../../ports/cache.js';

/** Counters for metrics: `hits`/`misses` count answered gets, `errors` every failed call. */
export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

/** A cache whose get/set/swap/delete/close never reject (a failed swap did not swap); `ping` still does. */
export interface ResilientCache extends Cache {
  /** A snapshot of the counters since creation. */
  stats(): CacheStats;
}

/** The cache operations a failure is reported for. */
export type CacheOperation = 'get' | 'set' | 'swap' | 'delete' | 'close';

/** Options of `createResilientCache`. */
export interface ResilientCacheOptions {
  logger: Logger;
  /** Called after each failure has been counted and logged, e.g. to feed a metric. */
  onError?: (error: unknown, operation: CacheOperation) => void;
}

/**
 * Wraps any cache so that a cache failure never fails a request (R2.4): a failed get is a miss,
 * a failed set or delete is dropped. Every failure is counted (and reported to `onError`); the log
 * gets one warning per outage and one line when calls succeed again, without keys or values, since
 * keys can carry user text (search queries).
 */
export function createResilientCache(cache: Cache, options: ResilientCacheOptions): ResilientCache {
  const counts: CacheStats = { hits: 0, misses: 0, errors: 0 };
  let failing = false;
  const attempt = async <T>(operation: CacheOperation, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      const result = await run();
      if (failing) {
        failing = false;
        options.logger.info({ operation }, 'Cache calls succeed again');
      }
      return result;
    } catch (error) {
      counts.errors += 1;
      if (!failing) {
        failing = true;
        options.logger.warn(
          { operation, error: summarise(error) },
          'Cache call failed; continuing without cache',
        );
      }
      report(error, operation);
      return fallback;
    }
  };
  const report = (error: unknown, operation: CacheOperation): void => {
    try {
      options.onError?.(error, operation);
    } catch (hookError) {
      options.logger.warn({ operation, error: summarise(hookError) }, 'Cache onError hook threw');
    }
  };
  return {
    get: <T>(key: string) =>
      attempt(
        'get',
        async () => {
          const value = await cache.get<T>(key);
          if (value === undefined) counts.misses += 1;
          else counts.hits += 1;
          return value;
        },
        undefined,
      ),
    set: (key, value, ttlMs) => attempt('set', () => cache.set(key, value, ttlMs), undefined),
    swap: (key, expected, value, ttlMs) =>
      attempt('swap', () => cache.swap(key, expected, value, ttlMs), false),
    delete: (...keys) => attempt('delete', () => cache.delete(...keys), undefined),
    ping: async () => cache.ping(),
    close: () => attempt('close', () => cache.close(), undefined),
    stats: () => ({ ...counts }),
  };
}

/** Name, code and message only: adapters keep values out of their messages, and stacks add nothing here. */
function summarise(error: unknown): { name?: string; code?: unknown; message: string } {
  if (!(error instanceof Error)) return { message: 'non-Error thrown' };
  return { name: error.name, code: (error as { code?: unknown }).code, message: error.message };
}
