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

/** The client's side of one turn: collects its events, knows where to resume, ends once. */
export class TurnStream {
  private readonly events: ClientTurnEvent[] = [];
  private readonly waiting = new Set<() => void>();
  private ended = false;
  private nextIndex = 0;
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
      if (event.index < this.nextIndex) return; // replayed after a resume: seen already
      this.nextIndex = event.index + (event.count ?? 1);
    }
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
