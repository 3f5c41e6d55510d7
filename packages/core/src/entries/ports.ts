/**
 * `@parley/core/ports`: the detail types an adapter author needs beyond the port interfaces on the
 * root — the store's repositories, the chat model's messages and events, tool and queue contracts.
 */
export type * from '../ports/store.js';
export { systemClock } from '../ports/clock.js';
export type {
  ChatMessage,
  JsonRequest,
  LlmUsage,
  StreamEvent,
  StreamRequest,
  ToolCall,
  ToolDefinition,
} from '../ports/chat-model.js';
export type { ToolContext, ToolOutput } from '../ports/tool.js';
export type { CancelRequest, TurnRecord, Unsubscribe } from '../ports/event-bus.js';
export type { QueueTicket, QueueHold } from '../ports/turn-queue.js';
export type { ContextRequest, ContextPart, PrepareRequest } from '../ports/context-source.js';
export type {
  PendingEmbedding,
  RetrievalHit,
  RetrievalRepository,
  RetrievalScope,
} from '../ports/retrieval-index.js';
export type {
  SearchFailureKind,
  SearchHit,
  SearchRequest,
  SearchTimeRange,
  SearchTopic,
} from '../ports/search-provider.js';
export { SearchProviderError } from '../errors/search-provider-error.js';
export type { SearchMetricsListener } from '../ports/search-metrics-listener.js';
export type { BreakerState, LlmMetricsListener, LlmOperation } from '../ports/llm-metrics-listener.js';
