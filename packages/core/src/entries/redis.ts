/** `@parley/core/redis`: the Redis adapters — the cache, and the optional client surfaces share. */
export { createRedisCache, type RedisCacheOptions } from '../adapters/cache/redis-cache.js';
export {
  closeOptionalRedisClient,
  createOptionalRedisClient,
} from '../adapters/cache/optional-redis-client.js';
