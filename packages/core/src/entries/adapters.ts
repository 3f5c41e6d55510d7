/**
 * `@parley/core/adapters`: the in-process adapters `createParley` uses by default — cache, event bus,
 * turn queue, password hasher, token counter, and the offline intake model — to wrap or compose.
 */
export { createMemoryCache, type MemoryCacheOptions } from '../adapters/cache/memory-cache.js';
export {
  createResilientCache,
  type CacheStats,
  type ResilientCache,
  type ResilientCacheOptions,
} from '../adapters/cache/resilient-cache.js';
export { createInProcessEventBus } from '../adapters/bus/in-process-event-bus.js';
export {
  createInProcessTurnQueue,
  type InProcessTurnQueueOptions,
} from '../adapters/queue/in-process-turn-queue.js';
export { createScryptPasswordHasher } from '../adapters/crypto/scrypt-password-hasher.js';
export { createGptTokenizerCounter } from '../adapters/tokens/gpt-tokenizer-counter.js';
export { createTiktokenCounter } from '../adapters/tokens/tiktoken-counter.js';
export {
  createOfflineChatModel,
  isOfflineChatModel,
  OFFLINE_FALLBACK_TITLE,
  OFFLINE_MODEL,
} from '../adapters/llm/offline-chat-model.js';
