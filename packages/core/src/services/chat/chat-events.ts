import type { ErrorCode } from '../../errors/error-codes.js';
import type { Message } from '../../domain/message.js';

/**
 * What a chat turn tells its watchers, in order: the stored user message, then the answer as
 * start → chunk… → end, or → error. Server rooms, SSE responses and the CLI all consume these.
 */
export type ChatEvent =
  | { type: 'message_received'; sessionId: string; turnId: string; message: Message }
  | { type: 'assistant_start'; sessionId: string; turnId: string }
  | { type: 'assistant_chunk'; sessionId: string; turnId: string; index: number; text: string }
  | { type: 'assistant_end'; sessionId: string; turnId: string; message: Message }
  | {
      type: 'assistant_error';
      sessionId: string;
      turnId: string;
      error: { code: ErrorCode; message: string };
      /** What arrived before the failure, stored as `incomplete`; null when nothing did. */
      message: Message | null;
    };

export type ChatEventListener = (event: ChatEvent) => void;

/** Every chat event type, in the order a turn emits them; clients subscribe to these names. */
export const CHAT_EVENT_TYPES = [
  'message_received',
  'assistant_start',
  'assistant_chunk',
  'assistant_end',
  'assistant_error',
] as const satisfies readonly ChatEvent['type'][];
