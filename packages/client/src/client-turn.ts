import type { ClientErrorCode, TurnEvent, WireMessage } from '@parley/protocol';

/**
 * A turn sent through the client, mirroring the core's `Turn`: its events as an async iterable
 * (a late reader gets every event from the first), `cancel()` and `done`.
 */
export interface ClientTurn {
  readonly id: string;
  readonly sessionId: string;
  /** 0 when it starts at once, n when n answers run or wait before it. */
  readonly position: number;
  /** From `message_received` to `assistant_end` or `assistant_error`, the last event. */
  readonly events: AsyncIterable<ClientTurnEvent>;
  /** Stops the answer; what arrived is stored as incomplete and the events end with `CANCELLED`. */
  cancel(): Promise<void>;
  /** The final answer (possibly incomplete), or null when none arrived or the connection was lost. */
  readonly done: Promise<WireMessage | null>;
}

/**
 * A turn event with its name in `type`; an `assistant_error` may carry the client-only
 * `SERVER_UNAVAILABLE` when the socket dropped and the answer could not be resumed.
 */
export type ClientTurnEvent =
  | Exclude<TurnEvent, { type: 'assistant_error' }>
  | (Omit<Extract<TurnEvent, { type: 'assistant_error' }>, 'error'> & {
      error: { code: ClientErrorCode; message: string; details?: Record<string, unknown> };
    });

const LOST = 'The connection was lost during the answer';
const READ_STORED = 'join the session to read what was stored.';

/** The client's side of one turn: collects its events, knows where to resume, ends once. */
export class TurnStream {
  private readonly events: ClientTurnEvent[] = [];
  private readonly waiting = new Set<() => void>();
  private ended = false;
  private nextIndex = 0;
  /** `type` or `type:callId` of every non-chunk event seen, so one a resuming server sends again is skipped. */
  private readonly seen = new Set<string>();
  /** The seq of the turn's user message, to find its stored answer after a reconnect. */
  private userSeq: number | undefined;
  private resolveDone!: (message: WireMessage | null) => void;
  readonly done = new Promise<WireMessage | null>((resolve) => {
    this.resolveDone = resolve;
  });
  /** The socket dropped while the turn ran; cleared when the server resumes it. */
  interrupted = false;

  constructor(
    readonly id: string,
    readonly sessionId: string,
  ) {}

  get over(): boolean {
    return this.ended;
  }

  /** The first chunk index not seen yet (a chunk joining `count` deltas counts for each). */
  get resumeFrom(): number {
    return this.nextIndex;
  }

  push(event: ClientTurnEvent): void {
    if (this.ended) return;
    if (event.type === 'assistant_chunk') {
      if (event.index < this.nextIndex) return; // sent again after a resume: seen already
      if (event.index > this.nextIndex) {
        return this.fail('SERVER_UNAVAILABLE', `${LOST} and the server could not resume it; ${READ_STORED}`);
      }
      this.nextIndex = event.index + (event.count ?? 1);
    } else {
      const key = 'callId' in event ? `${event.type}:${event.callId}` : event.type;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    if (event.type === 'message_received') this.userSeq = event.message.seq;
    this.events.push(event);
    if (event.type === 'assistant_end' || event.type === 'assistant_error') {
      this.ended = true;
      this.resolveDone(event.message);
    }
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  /** Ends a turn the client lost track of, with an error event of its own. */
  fail(code: ClientErrorCode, message: string): void {
    this.push({
      type: 'assistant_error',
      sessionId: this.sessionId,
      turnId: this.id,
      error: { code, message },
      message: null,
    });
  }

  /**
   * After a re-join: when the history holds the turn's answer (it ended while the connection was
   * down), the turn ends with it; otherwise it waits for the server's next event (a resuming server
   * replays from `resumeFrom`), and a gap in the chunks ends it with `SERVER_UNAVAILABLE`.
   */
  settleFrom(messages: readonly WireMessage[]): void {
    if (this.userSeq === undefined) return;
    const answer = messages.find(
      (m) => m.seq > this.userSeq! && m.role === 'assistant' && !(m.toolCalls && m.toolCalls.length > 0),
    );
    if (!answer) return;
    if (answer.status === 'complete') {
      this.push({ type: 'assistant_end', sessionId: this.sessionId, turnId: this.id, message: answer });
      return;
    }
    this.push({
      type: 'assistant_error',
      sessionId: this.sessionId,
      turnId: this.id,
      error: { code: 'SERVER_UNAVAILABLE', message: `${LOST}; it ended meanwhile and is stored incomplete.` },
      message: answer,
    });
  }

  async *iterate(): AsyncGenerator<ClientTurnEvent> {
    for (let read = 0; ; read += 1) {
      while (read >= this.events.length) {
        if (this.ended) return;
        await new Promise<void>((wake) => this.waiting.add(wake));
      }
      yield this.events[read]!;
    }
  }
}
