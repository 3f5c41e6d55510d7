/**
 * `@parley/core/types`: the rest of the public vocabulary — what the services take and return, the
 * event type lists, and domain details the root leaves out to stay small.
 */
export { MESSAGE_ROLES, type MessageStatus, type MessageUsage } from '../domain/message.js';
export type { Summary } from '../domain/summary.js';
export { MEMORY_KINDS, type MemoryKind } from '../domain/memory-item.js';
export type { KeptResult, RankReasons, RankedResult } from '../domain/search.js';
export { EMPTY_CRITERIA, type SearchCriteria } from '../domain/search-criteria.js';
export type { Credentials, LoginResult, Registration, VerifiedToken } from '../services/auth/auth-service.js';
export type { RevocationListener } from '../services/auth/token-denylist.js';
export type { SessionListQuery } from '../services/sessions/session-service.js';
export type { SessionPurge, PurgeOptions, PurgeResult } from '../services/sessions/session-purge.js';
export type { HistoryQuery } from '../services/conversation/conversation-service.js';
export type { ChatLimits } from '../services/chat/chat-service.js';
export type { SendInput, CancelInput } from '../services/chat/turn.js';
export type { AfterTurnContext } from '../services/chat/after-turn.js';
export {
  USER_EVENT_TYPES,
  SESSION_EVENT_TYPES,
  type ChatEventListener,
  type MemoryChange,
} from '../services/chat/chat-events.js';
export type { AdminSessionQuery, AdminSessionView } from '../services/admin/admin-service.js';
export type { JobRunner, Job, JobStats } from '../services/jobs/job-runner.js';
export type { HealthReport, DependencyHealth, DependencyStatus } from '../services/health/health-service.js';
export type {
  RequirementsChange,
  RequirementsUpdate,
} from '../services/requirements/requirements-service.js';
export type { SearchInput } from '../services/search/search-service.js';
export type { MemorySource } from '../services/memory/memory-service.js';
export type { RetrievalModes, SearchOptions } from '../services/retrieval/retriever.js';
export type { LlmMetricsHub } from '../services/observability/llm-metrics-hub.js';
export type { SearchMetricsHub } from '../services/observability/search-metrics-hub.js';
