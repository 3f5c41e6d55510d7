import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { SessionCache } from './session-cache.js';
import type { RecentMessages } from '../conversation/recent-messages.js';

export interface PurgeOptions {
  /** Count what would change, change nothing. */
  dryRun?: boolean;
  /** Also delete expired and closed sessions (with their history) idle for longer than this. */
  deleteOlderThanMs?: number;
  /** Rows per statement, so a large backlog never holds one long transaction. */
  batchSize?: number;
  /** Called after each batch, for progress display. */
  onProgress?: (progress: PurgeResult) => void;
}

export interface PurgeResult {
  expired: number;
  deleted: number;
  dryRun: boolean;
}

const LEASE = 'sessions.purge';

/**
 * Expiration cleanup (R2.5): marks idle sessions expired and optionally deletes old ended ones, in
 * batches. The scheduled form takes a store lease first, so several processes purge once per interval.
 */
export class SessionPurge {
  private readonly holder = randomUUID();

  constructor(
    private readonly deps: {
      store: Store;
      cache: SessionCache;
      clock: Clock;
      ttlMs: number;
      logger: Logger;
      /** This process's copies of the sessions' newest messages, dropped with them. */
      recent?: RecentMessages;
    },
  ) {}

  async run(options: PurgeOptions = {}): Promise<PurgeResult> {
    const { store, clock, ttlMs, cache } = this.deps;
    const batchSize = options.batchSize ?? 500;
    const now = clock.now().getTime();
    const idleCutoff = new Date(now - ttlMs);
    const deleteBefore =
      options.deleteOlderThanMs === undefined ? undefined : new Date(now - options.deleteOlderThanMs);
    const result: PurgeResult = { expired: 0, deleted: 0, dryRun: options.dryRun === true };

    if (result.dryRun) {
      result.expired = await store.sessions.countIdle(idleCutoff);
      if (deleteBefore) result.deleted = await store.sessions.countEnded(deleteBefore);
      options.onProgress?.(result);
      return result;
    }
    for (;;) {
      const ids = await store.sessions.expireIdle(idleCutoff, batchSize);
      await cache.drop(...ids);
      this.deps.recent?.drop(...ids);
      result.expired += ids.length;
      options.onProgress?.(result);
      if (ids.length < batchSize) break;
    }
    // Logged-out tokens that have run out anyway need no denylist entry any more.
    for (;;) {
      const removed = await store.revokedTokens.deleteExpired(new Date(now), batchSize);
      if (removed < batchSize) break;
    }
    while (deleteBefore) {
      const ids = await store.sessions.deleteEnded(deleteBefore, batchSize);
      await cache.drop(...ids);
      this.deps.recent?.drop(...ids);
      result.deleted += ids.length;
      options.onProgress?.(result);
      if (ids.length < batchSize) break;
    }
    return result;
  }

  /** Runs the purge only if this process wins the interval's lease; `undefined` when another one did. */
  async runOnce(intervalMs: number, options: PurgeOptions = {}): Promise<PurgeResult | undefined> {
    const won = await this.deps.store.leases.acquire(LEASE, this.holder, this.deps.clock.now(), intervalMs);
    if (!won) return undefined;
    return this.run(options);
  }

  /** Starts the schedule; the returned function stops it. The timer never keeps the process alive. */
  schedule(intervalMs: number, options: PurgeOptions = {}): () => void {
    const timer = setInterval(() => {
      this.runOnce(intervalMs, options).then(
        (result) =>
          result
            ? this.deps.logger.info({ purge: result }, 'expired sessions purged')
            : this.deps.logger.debug('session purge skipped: another process has this interval'),
        (error: unknown) => this.deps.logger.error({ err: error }, 'session purge failed'),
      );
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
