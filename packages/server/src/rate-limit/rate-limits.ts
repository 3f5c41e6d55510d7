import { closeOptionalRedisClient, createOptionalRedisClient, firstConnection } from '@parley/core/redis';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '@parley/core/config';
import { ParleyError } from '@parley/core';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export type LimitName = keyof RateLimitSettings;

/** Options of `createRateLimits`. */
export interface RateLimitOptions extends Partial<RateLimitSettings> {
  /** Shares counters between processes: a Redis URL or a caller-owned ioredis client (not closed by Parley). */
  redis?: string | Redis;
  /** Prefix of the Redis keys (default `parley:rl`). */
  keyPrefix?: string;
  logger?: Logger;
}

/** Counts requests and socket events against the limits; over a limit, `consume` throws `RATE_LIMITED`. */
export interface RateLimits {
  consume(name: LimitName, key: string): Promise<void>;
  /**
   * Resolves once the Redis client it created has connected or failed its first attempt (bounded by
   * the client's connect and command timeouts; at once without one, or with a client passed in). A server waits for it before listening: a start that then keeps
   * the event loop busy (the extractor's warm-up) would otherwise time out the connect and leave
   * the limits per process until the reconnect.
   */
  ready?(): Promise<void>;
  /** Closes the Redis client it created, if any. */
  close(): Promise<void>;
}

/**
 * Rate limiters on `rate-limiter-flexible`: in-process by default, Redis-backed when given Redis so
 * limits hold cluster-wide (R12.3). Each Redis limiter has an in-process insurance limiter, so a
 * Redis outage degrades to per-process limits and never fails a request.
 */
export function createRateLimits(options: RateLimitOptions = {}): RateLimits {
  const owned =
    typeof options.redis === 'string'
      ? createOptionalRedisClient(options.redis, { logger: options.logger, role: 'rate limits' })
      : undefined;
  const client = owned ?? (typeof options.redis === 'object' ? options.redis : undefined);
  const prefix = options.keyPrefix ?? 'parley:rl';
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  for (const name of Object.keys(DEFAULT_RATE_LIMITS) as LimitName[]) {
    const { points, durationSeconds } = options[name] ?? DEFAULT_RATE_LIMITS[name];
    const base = { points, duration: durationSeconds, keyPrefix: `${prefix}:${name}` };
    const memory = new RateLimiterMemory(base);
    limiters.set(
      name,
      client
        ? new RateLimiterRedis({
            ...base,
            storeClient: client,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory,
    );
  }
  return {
    async consume(name, key) {
      try {
        await limiters.get(name)!.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) {
          options.logger?.warn(
            { limit: name, err: rejection },
            'rate limiter failed; letting the request through',
          );
          return;
        }
        const retryAfterMs = Math.max(1, Math.ceil(rejection.msBeforeNext));
        throw new ParleyError('RATE_LIMITED', 'Too many requests; slow down and retry later.', {
          retryAfterMs,
          limit: name,
        });
      }
    },
    ready: () => (owned ? firstConnection(owned) : Promise.resolve()),
    async close() {
      if (owned) await closeOptionalRedisClient(owned);
    },
  };
}
