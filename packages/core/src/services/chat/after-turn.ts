import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import type { TurnHistory } from '../../ports/context-source.js';
import type { BuiltContext } from './context-builder.js';

/** What an after-turn job learns about the turn that triggered it. */
export interface AfterTurnContext {
  session: Session;
  turnId: string;
  userMessage: Message;
  /** The stored final answer (`answer` jobs only; null when the turn failed before any text). */
  answer: Message | null;
  /** The prompt the answer was built from (`answer` jobs only). */
  context: BuiltContext | null;
  /**
   * The turn's history reads, as of its user message: the pages its prompt read, so a job reading
   * the newest messages up to the user message costs no query (null from a caller without one).
   */
  history: TurnHistory | null;
  signal: AbortSignal;
}

/**
 * Work that follows a turn off the streamed answer's path (R4.4, R7.5): on `message` it starts
 * once the user message is stored, the prompt built and the model's first output relayed (or 20 ms
 * after the request, for a slower model), in parallel with the rest of the answer; on `answer` once
 * the answer is stored. Jobs of one name and session run in order; a burst is coalesced into one run.
 *
 * @example
 * createParley({ afterTurn: [{ name: 'audit', on: 'message', run: async ({ userMessage }) => log(userMessage) }] })
 */
export interface AfterTurnJob {
  /** Unique; a job registered under an existing name replaces it. */
  name: string;
  on: 'message' | 'answer';
  /**
   * False to skip this turn (cheap checks only). Called once for every turn at `on`, before the job
   * is queued, also when the runner then coalesces it into a run already waiting for the session, so
   * it may note what that run must cover (the embedding job notes the turn's messages).
   */
  when?(context: Omit<AfterTurnContext, 'signal'>): boolean;
  run(context: AfterTurnContext): Promise<void>;
}
