import { ParleyError } from '../../errors/parley-error.js';

/**
 * One answer at a time per session (R3.5): jobs run in arrival order; when `limit` jobs already
 * wait behind the running one, the next is refused with `SESSION_BUSY` before anything is stored.
 */
export class SessionQueue {
  private readonly tails = new Map<string, { tail: Promise<void>; pending: number }>();

  constructor(private readonly limit: number) {}

  /** Position the job would take: 0 runs now, n waits behind n others. */
  position(sessionId: string): number {
    return this.tails.get(sessionId)?.pending ?? 0;
  }

  /** Queues `job`; resolves with its result once it has run. Throws `SESSION_BUSY` synchronously when full. */
  run<T>(sessionId: string, job: () => Promise<T>): Promise<T> {
    const entry = this.tails.get(sessionId) ?? { tail: Promise.resolve(), pending: 0 };
    if (entry.pending > this.limit) {
      throw new ParleyError(
        'SESSION_BUSY',
        'An answer is still streaming and the queue is full; try again shortly.',
        {
          queued: entry.pending - 1,
        },
      );
    }
    entry.pending += 1;
    const result = entry.tail.then(job);
    entry.tail = result.then(
      () => this.release(sessionId, entry),
      () => this.release(sessionId, entry),
    );
    this.tails.set(sessionId, entry);
    return result;
  }

  /** Resolves once every queued and running job has settled. */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()].map((entry) => entry.tail));
  }

  private release(sessionId: string, entry: { pending: number }): void {
    entry.pending -= 1;
    if (entry.pending === 0 && this.tails.get(sessionId) === entry) this.tails.delete(sessionId);
  }
}
