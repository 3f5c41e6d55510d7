/**
 * The public root of `@parley/core`: what an embedding application needs — `createParley`, the
 * facade and its services, the domain types, errors, the ports and the configuration types. Adapters
 * and detail types live on subpaths (docs/architecture.md lists them); a test keeps this at 60 names.
 */
export { createParley, type Parley, type ParleyOptions } from './create-parley.js';
export type { ParleyConfig } from './config/parley-config.js';
export type { ParleyConfigInput } from './config/config-schema.js';

export { ParleyError } from './errors/parley-error.js';
export { ERROR_CODES, type ErrorCode } from './errors/error-codes.js';
export { toParleyError } from './errors/to-parley-error.js';

export type { User } from './domain/user.js';
export type { Session, SessionStatus } from './domain/session.js';
export type { Message, MessageRole } from './domain/message.js';
export type { MemoryItem, UserContext } from './domain/memory-item.js';
export { SEARCH_INTENTS, type SearchIntent, type SearchRun } from './domain/search.js';
export {
  PROFILE_FIELDS,
  type PlainProfile,
  type ProfileField,
  type RequirementProfile,
} from './domain/requirements/requirement-profile.js';
export type { Conflict } from './domain/requirements/conflict.js';
export type { ClarifyingQuestion } from './domain/requirements/clarifying-question.js';

export type { Store } from './ports/store.js';
export type { Cache } from './ports/cache.js';
export type { Clock } from './ports/clock.js';
export type { ChatModel } from './ports/chat-model.js';
export type { EmbeddingModel } from './ports/embedding-model.js';
export type { Tool } from './ports/tool.js';
export type { EventBus } from './ports/event-bus.js';
export type { TurnQueue } from './ports/turn-queue.js';
export type { ContextSource } from './ports/context-source.js';
export type { PasswordHasher } from './ports/password-hasher.js';
export type { TokenCounter } from './ports/token-counter.js';
export type { SearchProvider } from './ports/search-provider.js';

export type { AuthService } from './services/auth/auth-service.js';
export type { SessionService } from './services/sessions/session-service.js';
export type { Conversation, HistoryPage } from './services/conversation/conversation-service.js';
export type { ExportFormat } from './services/conversation/export-conversation.js';
export type { ChatService } from './services/chat/chat-service.js';
export type { Turn } from './services/chat/turn.js';
export type { AfterTurnJob } from './services/chat/after-turn.js';
export {
  CHAT_EVENT_TYPES,
  type ChatEvent,
  type SessionEvent,
  type UserEvent,
} from './services/chat/chat-events.js';
export type { RequirementsService, RequirementsView } from './services/requirements/requirements-service.js';
export type { SearchService } from './services/search/search-service.js';
export type { MemoryService } from './services/memory/memory-service.js';
export type { Retriever } from './services/retrieval/retriever.js';
export type { AdminService } from './services/admin/admin-service.js';
export type { HealthService } from './services/health/health-service.js';
