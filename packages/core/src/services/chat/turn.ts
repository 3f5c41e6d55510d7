import type { Message } from '../../domain/message.js';
import type { Tool } from '../../ports/tool.js';
import type { ChatEvent } from './chat-events.js';

/** A user message to answer. */
export interface SendInput {
  userId: string;
  sessionId: string;
  content: string;
  /** Tools for this turn only, besides those given to `createParley`. */
  tools?: Tool[];
  /** Stops this answer, like `turn.cancel()`. */
  signal?: AbortSignal;
}

/** Who asks to cancel which turn; only the turn's owner may. */
export interface CancelInput {
  userId: string;
  sessionId: string;
  turnId: string;
}

/**
 * One answer the core owns, from the stored user message to the stored answer (R3.4, R3.5). On the
 * wire its id is `turnId`.
 *
 * @example
 * const turn = await parley.chat.send({ userId, sessionId, content: 'We need a Go engineer' });
 * for await (const event of turn.events) if (event.type === 'assistant_chunk') write(event.text);
 * const answer = await turn.done;
 */
export interface Turn {
  readonly id: string;
  readonly sessionId: string;
  /** 0 when it starts at once, n when n answers run or wait before it. */
  readonly position: number;
  /**
   * This turn's events from `message_received` to its last event; a reader that starts late gets
   * every event from the first.
   */
  readonly events: AsyncIterable<ChatEvent>;
  /** Stops the answer (what arrived is stored as `incomplete`) or withdraws it from the line. */
  cancel(): void;
  /**
   * The stored final answer (possibly incomplete), or null when none arrived. Rejects when the
   * turn could not start (the session closed or expired while it waited).
   */
  readonly done: Promise<Message | null>;
}
