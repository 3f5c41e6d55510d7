import type { Message } from '../domain/message.js';
import type { Session } from '../domain/session.js';
import type { Summary } from '../domain/summary.js';
import type { ChatMessage } from './chat-model.js';

/**
 * The session's stored history as one turn reads it: each read happens once per turn and is shared
 * by the context builder and every source, so two parts needing the newest page cost one query.
 */
export interface TurnHistory {
  /** The rolling summary reaching furthest, if any. */
  latestSummary(): Promise<Summary | undefined>;
  /** Up to `HISTORY_PAGE` messages with `seq` below `before`, newest first. */
  pageBefore(before: number): Promise<Message[]>;
}

/** What a context source is asked for one turn (`Prepared`: what its `prepare` resolves to). */
export interface ContextRequest<Prepared = unknown> {
  userId: string;
  sessionId: string;
  /** The user message the turn answers (its text is the best query for retrieval). */
  userMessage: { seq: number; content: string };
  /**
   * The session row the turn was admitted with, when the caller has one: possibly cached, so a
   * source may skip work on what it says (no kept results) but must not refuse anything on it.
   */
  session?: Session;
  /** Most this source may add, in tokens; a larger part is left out with a warning. */
  budgetTokens: number;
  /** Aborted when the source's time is up or the turn was cancelled. */
  signal: AbortSignal;
  /** Tokens a text costs (the configured counter). */
  countTokens(text: string): number;
  /** The history reads this turn shares (summary, newest pages). */
  history: TurnHistory;
  /** What this source's `prepare` started for this turn, when it has one and the caller prepared. */
  prepared?: Promise<Prepared>;
}

/** What a source knows as a turn starts, before the turn's user message is stored (it has no `seq` yet). */
export type PrepareRequest = Pick<ContextRequest, 'userId' | 'sessionId' | 'session'> & {
  /** The text of the user message being stored. */
  content: string;
  /** Aborted when the turn is cancelled (a source's own time limit starts only with `build`). */
  signal: AbortSignal;
};

/** What a source adds: messages for the prompt and what they cost. */
export interface ContextPart {
  messages: ChatMessage[];
  tokens: number;
}

/**
 * One piece of the prompt (R4.3): user memory, the session brief, retrieved messages… Each has a
 * fixed place (`order`, ascending: system 0, memory 100, brief 200, summary 300, retrieved 400,
 * window 500) and a share of the budget; the recent window takes what is left.
 */
export interface ContextSource<Prepared = unknown> {
  /** Unique; a source registered under an existing name replaces it. */
  name: string;
  order: number;
  /** Fraction of the prompt budget this source may use (0–1). */
  budgetShare: number;
  /**
   * Optional: starts, as the turn begins, reads that do not depend on its user message, so they
   * overlap the message's write instead of following it; `build` finds the promise as
   * `request.prepared` (and reports its failure: a rejection left unread is dropped). Under a burst
   * database reads here compete with the writes for the connections: keep it to one cheap read.
   * Work that is not a database read (a request to the embeddings endpoint) is not bound by that.
   */
  prepare?(turn: PrepareRequest): Promise<Prepared>;
  /** Null or an empty part when it has nothing for this turn. */
  build(request: ContextRequest<Prepared>): Promise<ContextPart | null>;
}
