/** `@parley/core/redis`: the Redis adapters — cache, event bus, turn queue — and the optional client they share. */
export { createRedisCache, type RedisCacheOptions } from '../adapters/cache/redis-cache.js';
export {
  closeOptionalRedisClient,
  createOptionalRedisClient,
  firstConnection,
} from '../adapters/cache/optional-redis-client.js';
export {
  createRedisEventBus,
  type RedisEventBus,
  type RedisEventBusOptions,
} from '../adapters/bus/redis-event-bus.js';
export {
  createRedisTurnQueue,
  type RedisTurnQueue,
  type RedisTurnQueueOptions,
} from '../adapters/queue/redis-turn-queue.js';
