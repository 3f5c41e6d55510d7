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
  ToolCall,
  ToolDefinition,
} from './ports/chat-model.js';
export type { EmbeddingModel } from './ports/embedding-model.js';
export type { Tool, ToolContext, ToolOutput } from './ports/tool.js';
export type { EventBus, CancelRequest, Unsubscribe } from './ports/event-bus.js';
export type { TurnQueue, QueueTicket, QueueHold } from './ports/turn-queue.js';
export type { ContextSource, ContextRequest, ContextPart } from './ports/context-source.js';
export { createInProcessEventBus } from './adapters/bus/in-process-event-bus.js';
export {
  createInProcessTurnQueue,
  type InProcessTurnQueueOptions,
} from './adapters/queue/in-process-turn-queue.js';
export {
  createRedisEventBus,
  type RedisEventBus,
  type RedisEventBusOptions,
} from './adapters/bus/redis-event-bus.js';
export {
  createRedisTurnQueue,
  type RedisTurnQueue,
  type RedisTurnQueueOptions,
} from './adapters/queue/redis-turn-queue.js';
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
export { createOpenAiChatModel, type OpenAiChatModelOptions } from './adapters/llm/openai-chat-model.js';
export {
  createOfflineChatModel,
  isOfflineChatModel,
  OFFLINE_FALLBACK_TITLE,
  OFFLINE_MODEL,
} from './adapters/llm/offline-chat-model.js';
export { offlineStateSource } from './services/requirements/offline/offline-state.js';
export { createOpenAiEmbeddingModel } from './adapters/llm/openai-embedding-model.js';
export type { OpenAiModelOptions } from './adapters/llm/openai-endpoint.js';
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
export type { ChatService, ChatLimits } from './services/chat/chat-service.js';
export type { Turn, SendInput, CancelInput } from './services/chat/turn.js';
export type { AfterTurnJob, AfterTurnContext } from './services/chat/after-turn.js';
export {
  CHAT_EVENT_TYPES,
  USER_EVENT_TYPES,
  SESSION_EVENT_TYPES,
  type SessionEvent,
  type ChatEvent,
  type ChatEventListener,
  type UserEvent,
} from './services/chat/chat-events.js';
export type { AdminService, AdminSessionQuery, AdminSessionView } from './services/admin/admin-service.js';
export type { JobRunner, Job, JobStats } from './services/jobs/job-runner.js';
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
export {
  ContextBuilder,
  CONTEXT_ORDER,
  systemInstructions,
  type BuiltContext,
  type SourceSkip,
  type ContextTarget,
} from './services/chat/context-builder.js';

export * from './domain/requirements/index.js';
export { createRuleExtractor, type RuleExtractor } from './services/requirements/rule-extractor.js';
export {
  applyExtraction,
  type Disagreement,
  type MergeResult,
  type MessageExtraction,
  type ModelProposal,
} from './services/requirements/merge/apply-extraction.js';
export {
  evaluateRequirements,
  DEFAULT_REQUIREMENTS_POLICY,
  type RequirementsPolicy,
} from './services/requirements/evaluate-requirements.js';
export { CONFLICT_RULES } from './services/requirements/conflicts/conflict-rules.js';
export type {
  ConflictFinding,
  ConflictRule,
  ConflictRuleContext,
} from './services/requirements/conflicts/conflict-rule.js';
export type {
  RequirementsService,
  RequirementsChange,
  RequirementsUpdate,
  RequirementsView,
} from './services/requirements/requirements-service.js';
export {
  describeProfile,
  renderSessionBrief,
  type BriefInput,
  type SessionBrief,
} from './services/requirements/session-brief.js';
export {
  createModelExtractor,
  modelExtractionSchema,
  type ModelConflict,
  type ModelExtraction,
  type ModelExtractor,
} from './services/requirements/model-extractor.js';

export type {
  SearchFailureKind,
  SearchHit,
  SearchProvider,
  SearchRequest,
  SearchTimeRange,
  SearchTopic,
} from './ports/search-provider.js';
export type { SearchMetricsListener } from './ports/search-metrics-listener.js';
export { SearchProviderError } from './errors/search-provider-error.js';
export { EMPTY_CRITERIA, type RemotePolicy, type SearchCriteria } from './domain/search-criteria.js';
export {
  SEARCH_INTENTS,
  type KeptResult,
  type RankReasons,
  type RankedResult,
  type SearchIntent,
  type SearchRun,
} from './domain/search.js';
export {
  createTavilySearchProvider,
  type TavilySearchProviderOptions,
} from './adapters/search/tavily-search-provider.js';
export { SearchService, type SearchInput, type SearchServiceDeps } from './services/search/search-service.js';
export { searchHealthProbe } from './services/search/search-health-probe.js';
export {
  createWebSearchTool,
  type WebSearchArgs,
  type WebSearchToolOptions,
} from './services/search/web-search-tool.js';
export { SearchMetricsHub } from './services/observability/search-metrics-hub.js';
export { criteriaFromProfile } from './services/search/criteria-from-profile.js';
export { MEMORY_KINDS, type MemoryItem, type MemoryKind } from './domain/memory-item.js';
export {
  MemoryService,
  userContextKey,
  type MemorySource,
  type UserContext,
} from './services/memory/memory-service.js';
export type { MemoryCandidate } from './services/memory/memory-statement.js';
export type { MemoryChange } from './services/chat/chat-events.js';
export { Retriever, type RetrievalModes } from './services/retrieval/retriever.js';
export type {
  KeptHit,
  PendingEmbedding,
  RetrievalBreadth,
  RetrievalHit,
  RetrievalRepository,
  RetrievalScope,
} from './ports/retrieval-index.js';
export type { MemoryRepository } from './ports/store.js';
