import type { ChatEvent, SessionEvent, UserEvent } from '../services/chat/chat-events.js';

/** A cancel request for a turn, which may be running in another process. */
export interface CancelRequest {
  sessionId: string;
  turnId: string;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * The publisher's own record of a running turn (the chat service's `TurnLog`), already holding
 * every event it published: a bus in the same process replays from it instead of keeping a second
 * copy of the answer (R13: the turn holds a long answer once).
 */
export interface TurnRecord {
  /** Calls `listener` with the turn's first `upTo` events, leaving out chunks before `fromChunk`. */
  replay(listener: (event: ChatEvent) => void, fromChunk: number, upTo: number): void;
}

/**
 * Carries Parley's events between the turns that make them and whoever watches: socket rooms, SSE
 * responses, the CLI — in this process by default, across processes with a shared adapter
 * (R12.3). Delivery to one listener is in publish order; a throwing listener never stops the others.
 */
export interface EventBus {
  /**
   * Publishes events of one turn, in order, to the session's subscribers and the turn's followers.
   * The chat service publishes each event as it is made, without waiting for the previous publish:
   * an adapter delivers to this process's subscribers at once and keeps the turn's events in order
   * on their way to other processes, resolving each call once its events are out (so the latest
   * call resolves after every earlier one); one that crosses the network may send those published
   * while its previous send is under way as one request. `record`, when given, holds these events
   * and every earlier one of the turn (the same record on every call): an adapter that keeps the
   * turn's log in this process may read from it rather than copy the events.
   */
  publishTurn(events: readonly ChatEvent[], record?: TurnRecord): Promise<void>;
  /** Publishes an event of a session that belongs to no turn (requirements, search results). */
  publishSession(event: SessionEvent): Promise<void>;
  /** Publishes an event that belongs to a user (not to a turn) to that user's subscribers. */
  publishUser(event: UserEvent): Promise<void>;
  /** Asks whichever process runs the turn to stop it. */
  requestCancel(request: CancelRequest): Promise<void>;

  /** Every turn event of the session, live. */
  subscribeSession(sessionId: string, listener: (event: ChatEvent) => void): Unsubscribe;
  /** Every session event (no turn's) of the session, live. */
  subscribeSessionEvents(sessionId: string, listener: (event: SessionEvent) => void): Unsubscribe;
  /** Every event of the user, live. */
  subscribeUser(userId: string, listener: (event: UserEvent) => void): Unsubscribe;
  /** Every cancel request (the turn runner of each process listens and stops its own turns). */
  subscribeCancels(listener: (request: CancelRequest) => void): Unsubscribe;

  /**
   * Follows one running turn: first what it already emitted (chunks from `fromChunk` on; the turn's
   * other events always), then live events, ending after its last event; each event exactly once.
   * Resolves with found false, calling nothing, when the bus knows no such running turn (it ended,
   * or never existed). Asynchronous because a shared bus reads the turn's log from elsewhere.
   */
  followTurn(
    turnId: string,
    listener: (event: ChatEvent) => void,
    options?: { fromChunk?: number },
  ): Promise<{ found: boolean; stop: Unsubscribe }>;
}
