import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Cache } from '../../ports/cache.js';
import {
  closeOptionalRedisClient,
  createOptionalRedisClient,
  firstConnection,
} from './optional-redis-client.js';
import { defineRedisScript } from './redis-script.js';
import { toCacheEntry } from './to-cache-entry.js';

/** `SET` only while the key holds the expected text, or nothing when ARGV[4] is 1 (`Cache.swap`). */
const SWAP = `local current = redis.call('GET', KEYS[1])
if (ARGV[4] == '1' and current == false) or (ARGV[4] == '0' and current == ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Connection settings (the adapter owns the client) or a caller-owned ioredis client. */
export type RedisCacheOptions =
  { url: string; keyPrefix?: string; logger?: Logger } | { client: Redis; keyPrefix?: string };

/**
 * Redis cache for several server processes. A client it creates is tuned for an optional cache:
 * while Redis is away commands fail at once instead of queueing (wrap it in `createResilientCache`
 * to turn that into misses), and it reconnects by itself when Redis returns.
 */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const owned = 'url' in options;
  const client = owned
    ? createOptionalRedisClient(options.url, { logger: options.logger, role: 'cache' })
    : options.client;
  const connected = owned ? firstConnection(client) : Promise.resolve();
  const prefix = options.keyPrefix ?? '';
  const swapScript = defineRedisScript(client, 'parleyCacheSwap', SWAP, 1);
  return {
    async get<T>(key: string) {
      await connected;
      const json = await client.get(prefix + key);
      return json === null ? undefined : parseCached<T>(json);
    },
    async set(key, value, ttlMs) {
      const entry = toCacheEntry(value, ttlMs);
      await connected;
      await client.set(prefix + key, entry.json, 'PX', entry.ttlMs);
    },
    async swap(key, expected, value, ttlMs) {
      const entry = toCacheEntry(value, ttlMs);
      await connected;
      const absent = expected === undefined;
      const swapped = await swapScript(
        prefix + key,
        absent ? '' : JSON.stringify(expected),
        entry.json,
        entry.ttlMs,
        absent ? '1' : '0',
      );
      return swapped === 1;
    },
    async delete(...keys) {
      if (keys.length === 0) return;
      await connected;
      await client.del(...keys.map((key) => prefix + key));
    },
    async ping() {
      await connected;
      await client.ping();
    },
    async close() {
      if (owned) await closeOptionalRedisClient(client);
    },
  };
}

/** JSON.parse's own message quotes the text, i.e. the cached value; keep it out of logs. */
function parseCached<T>(json: string): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    throw new SyntaxError('The cached value is not valid JSON.');
  }
}
