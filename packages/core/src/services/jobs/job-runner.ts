import type { Logger } from 'pino';

/** One piece of background work, off any answer's path. */
export interface Job {
  /** For logs and metrics (`summarize`, `title`, `extract-requirements` …). */
  name: string;
  sessionId?: string;
  /**
   * Jobs with the same key run one after another in arrival order, and a job whose key already
   * waits (not yet started) is dropped: the waiting one will see the newer state when it runs.
   */
  key?: string;
  run(signal: AbortSignal): Promise<void>;
}

/** Counts of the runner's work since start, for metrics. */
export interface JobStats {
  completed: Record<string, number>;
  failed: Record<string, number>;
  running: number;
  waiting: number;
}

interface Entry {
  job: Job;
  done: Promise<void>;
}

/**
 * The single background-job runner (R4.4, R5): at most `concurrency` jobs at once, per-key order
 * and coalescing, errors logged and counted (never thrown to whoever enqueued), `idle()` for tests
 * and `close()` that waits for running jobs or cancels them.
 */
export class JobRunner {
  private readonly slots: Array<() => void> = [];
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waitingKeys = new Set<string>();
  private readonly pending = new Set<Entry>();
  private readonly controller = new AbortController();
  private readonly stats_: JobStats = { completed: {}, failed: {}, running: 0, waiting: 0 };
  private active = 0;
  private closed = false;

  constructor(private readonly deps: { concurrency: number; logger: Logger }) {}

  /** Queues `job`; returns at once. Ignored after `close()`. */
  enqueue(job: Job): void {
    if (this.closed) return;
    if (job.key !== undefined && this.waitingKeys.has(job.key)) return;
    if (job.key !== undefined) this.waitingKeys.add(job.key);
    this.stats_.waiting += 1;
    const after = job.key === undefined ? Promise.resolve() : (this.tails.get(job.key) ?? Promise.resolve());
    const entry: Entry = { job, done: after.then(() => this.execute(job)) };
    if (job.key !== undefined) {
      const tail = entry.done;
      this.tails.set(job.key, tail);
      void tail.then(() => {
        if (this.tails.get(job.key as string) === tail) this.tails.delete(job.key as string);
      });
    }
    this.pending.add(entry);
    void entry.done.then(() => this.pending.delete(entry));
  }

  /** Resolves once no job (of `sessionId`, or at all) is waiting or running. */
  async idle(sessionId?: string): Promise<void> {
    for (;;) {
      const open = [...this.pending].filter((entry) => !sessionId || entry.job.sessionId === sessionId);
      if (open.length === 0) return;
      await Promise.all(open.map((entry) => entry.done));
    }
  }

  stats(): JobStats {
    return structuredClone(this.stats_);
  }

  /** Stops taking jobs; with `cancel` aborts what runs, then waits for everything queued to settle. */
  async close(options: { cancel?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (options.cancel) this.controller.abort();
    await this.idle();
  }

  private async execute(job: Job): Promise<void> {
    // A finished job hands its slot straight to the next waiter, so `active` never passes the bound.
    if (this.active < this.deps.concurrency) this.active += 1;
    else await new Promise<void>((resolve) => this.slots.push(resolve));
    if (job.key !== undefined) this.waitingKeys.delete(job.key);
    this.stats_.waiting -= 1;
    this.stats_.running += 1;
    try {
      if (!this.controller.signal.aborted) await job.run(this.controller.signal);
      this.stats_.completed[job.name] = (this.stats_.completed[job.name] ?? 0) + 1;
    } catch (error) {
      this.stats_.failed[job.name] = (this.stats_.failed[job.name] ?? 0) + 1;
      this.deps.logger.warn({ err: error, job: job.name, sessionId: job.sessionId }, 'background job failed');
    } finally {
      this.stats_.running -= 1;
      const next = this.slots.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
