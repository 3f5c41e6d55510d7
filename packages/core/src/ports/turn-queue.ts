/**
 * The right to run a session's answer, held by one turn at a time. A holder whose hold expired (a
 * crashed or stalled process) is told it lost it and cannot release a newer holder's hold.
 */
export interface QueueHold {
  /** Fencing token: a newer hold of the session has a larger one while the line exists. */
  readonly fence: number;
  /** True while this is still the session's current hold. */
  isCurrent(): Promise<boolean>;
  /** Extends the hold by the queue's hold time; false when it was already lost. */
  renew(): Promise<boolean>;
  /** Gives the session to the next waiting turn; does nothing when the hold was lost. */
  release(): Promise<void>;
}

/** A turn's place in its session's line. */
export interface QueueTicket {
  /** 0 when it holds the session at once, n when n turns run or wait before it. */
  readonly position: number;
  /** Resolves with the hold when it is this turn's go; rejects with `CANCELLED` once it left. */
  readonly ready: Promise<QueueHold>;
  /** Leaves the line before its go (cancelling a waiting turn); no effect once ready. */
  leave(): void;
}

/**
 * Per-session order of answers (R3.5): at most one holder per session, a bounded waiting line
 * (`SESSION_BUSY` beyond it), holds that expire unless renewed, so a vanished holder never blocks
 * a session for ever.
 */
export interface TurnQueue {
  /** Joins the session's line; throws `SESSION_BUSY` when the line is full. */
  enter(sessionId: string, turnId: string): Promise<QueueTicket>;
}
