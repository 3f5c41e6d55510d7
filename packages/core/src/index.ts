export { createParley, type Parley, type ParleyOptions } from './create-parley.js';

export { loadConfig, type ConfigSource } from './config/load-config.js';
export { envSchema, type ParleyEnv } from './config/config-schema.js';
export type { ParleyConfig } from './config/parley-config.js';
export { parseDuration } from './config/parse-duration.js';
export type { TrustProxy } from './config/trust-proxy.js';
export { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimitSettings } from './config/rate-limit-config.js';

export { ParleyError } from './errors/parley-error.js';
export { ERROR_CODES, type ErrorCode } from './errors/error-codes.js';
export { HTTP_STATUS, toParleyError } from './errors/http-status.js';

export type { User } from './domain/user.js';
export type { Session, SessionStatus } from './domain/session.js';
export {
  MESSAGE_ROLES,
  type Message,
  type MessageRole,
  type MessageStatus,
  type MessageUsage,
} from './domain/message.js';
export type { Summary } from './domain/summary.js';

export type { Cache } from './ports/cache.js';
export { systemClock, type Clock } from './ports/clock.js';
export type {
  ChatMessage,
  JsonRequest,
  ChatModel,
  LlmUsage,
  StreamEvent,
  StreamRequest,
} from './ports/chat-model.js';
export type { PasswordHasher } from './ports/password-hasher.js';
export type * from './ports/store.js';
export type { TokenCounter } from './ports/token-counter.js';

export {
  createKnexStore,
  type KnexStoreConfigOptions,
  type KnexStoreInstanceOptions,
  type KnexStoreOptions,
} from './adapters/store/knex-store.js';
export { createMemoryCache, type MemoryCacheOptions } from './adapters/cache/memory-cache.js';
export { createRedisCache, type RedisCacheOptions } from './adapters/cache/redis-cache.js';
export {
  createResilientCache,
  type CacheStats,
  type ResilientCache,
  type ResilientCacheOptions,
} from './adapters/cache/resilient-cache.js';
export { createScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
export { createTiktokenCounter } from './adapters/tokens/tiktoken-counter.js';
export {
  createOpenAiCompatibleProvider,
  type OpenAiCompatibleProviderOptions,
} from './adapters/llm/openai-compatible-provider.js';
export type { BreakerState, LlmMetricsListener, LlmOperation } from './ports/llm-metrics-listener.js';

export { createLogger, REDACTED_PATHS } from './logging/create-logger.js';

export type {
  AuthService,
  Credentials,
  LoginResult,
  Registration,
  VerifiedToken,
} from './services/auth/auth-service.js';
export type { RevocationListener } from './services/auth/token-denylist.js';
export type { SessionService, SessionListQuery } from './services/sessions/session-service.js';
export type { SessionPurge, PurgeOptions, PurgeResult } from './services/sessions/session-purge.js';
export type {
  ConversationService,
  HistoryPage,
  HistoryQuery,
} from './services/conversation/conversation-service.js';
export type { ExportFormat } from './services/conversation/export-conversation.js';
export type { ChatService, AcceptedTurn, SendInput } from './services/chat/chat-service.js';
export { CHAT_EVENT_TYPES, type ChatEvent, type ChatEventListener } from './services/chat/chat-events.js';
export type {
  HealthService,
  HealthReport,
  DependencyHealth,
  DependencyStatus,
} from './services/health/health-service.js';
export { effectiveStatus } from './domain/session-status.js';
export type { LlmMetricsHub } from './services/observability/llm-metrics-hub.js';
export type { Logger } from 'pino';
export {
  closeOptionalRedisClient,
  createOptionalRedisClient,
} from './adapters/cache/optional-redis-client.js';
export { ContextBuilder, type BuiltContext } from './services/chat/context-builder.js';
