import type { ErrorCode } from '../../errors/error-codes.js';
import type { MemoryItem } from '../../domain/memory-item.js';
import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import type { SearchRun } from '../../domain/search.js';
import type { RequirementsView } from '../requirements/requirements-service.js';

/**
 * What a chat turn tells its watchers, in order: the stored user message, then the answer as
 * start → chunk…, tool_call → tool_result… → end, or → error. Server rooms, SSE responses and the CLI all consume these.
 */
export type ChatEvent =
  | { type: 'message_received'; sessionId: string; turnId: string; message: Message }
  | { type: 'assistant_start'; sessionId: string; turnId: string }
  | { type: 'assistant_chunk'; sessionId: string; turnId: string; index: number; text: string }
  | {
      type: 'tool_call';
      sessionId: string;
      turnId: string;
      callId: string;
      name: string;
      /** The parsed arguments, or the raw text when they were not valid JSON. */
      args: unknown;
    }
  | {
      type: 'tool_result';
      sessionId: string;
      turnId: string;
      callId: string;
      ok: boolean;
      /** One line for watchers; the model gets the whole result. */
      summary: string;
    }
  | { type: 'assistant_end'; sessionId: string; turnId: string; message: Message }
  | {
      type: 'assistant_error';
      sessionId: string;
      turnId: string;
      error: { code: ErrorCode; message: string };
      /** What arrived before the failure, stored as `incomplete`; null when nothing did. */
      message: Message | null;
    };

/** True for the event that ends a turn (`assistant_end` or `assistant_error`): nothing follows it. */
export const endsTurn = (event: ChatEvent): boolean =>
  event.type === 'assistant_end' || event.type === 'assistant_error';

export type ChatEventListener = (event: ChatEvent) => void;

/** Every chat event type, in the order a turn emits them; clients subscribe to these names. */
export const CHAT_EVENT_TYPES = [
  'message_received',
  'assistant_start',
  'assistant_chunk',
  'tool_call',
  'tool_result',
  'assistant_end',
  'assistant_error',
] as const satisfies readonly ChatEvent['type'][];

/** What happened to the user's memory: an item learned or edited, forgotten, all cleared, the switch moved. */
export type MemoryChange = 'learned' | 'edited' | 'forgotten' | 'cleared' | 'personalization';

/**
 * Events that belong to a user rather than to a turn, delivered to every surface the user has open
 * (socket room `user:{userId}`): their session list changed (a title was found, a session closed),
 * or their memory changed (R9: the user sees what was remembered).
 */
export type UserEvent =
  | { type: 'session_updated'; userId: string; session: Session }
  | {
      type: 'memory_updated';
      userId: string;
      change: MemoryChange;
      /** The item learned, edited or forgotten; null for `cleared` and `personalization`. */
      item: MemoryItem | null;
      personalization: boolean;
    };

/** Every user event type; clients subscribe to these names. */
export const USER_EVENT_TYPES = [
  'session_updated',
  'memory_updated',
] as const satisfies readonly UserEvent['type'][];

/**
 * Events of a session that belong to no turn, delivered to the session's subscribers and room
 * `session:{id}` beside the turns' events: the requirement profile changed, a search finished.
 */
export type SessionEvent =
  | ({ type: 'requirements_updated'; sessionId: string } & RequirementsView)
  | { type: 'search_results'; sessionId: string; search: SearchRun };

/** Every session event type; clients subscribe to these names. */
export const SESSION_EVENT_TYPES = [
  'requirements_updated',
  'search_results',
] as const satisfies readonly SessionEvent['type'][];
