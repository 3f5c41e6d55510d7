import { RateLimiterMemory, RateLimiterQueue, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ParleyError } from '../../errors/parley-error.js';
import { untilAborted } from '../../shared/until-aborted.js';

/** Lets provider requests through at the configured rate; a burst waits its turn. */
export interface SearchRateGate {
  /** Resolves when one request may go; `SEARCH_BUSY` when the queue is full, the abort reason when cancelled. */
  take(signal?: AbortSignal): Promise<void>;
}

export interface SearchRateGateOptions {
  perMinute: number;
  /** Requests that may wait; one more gets `SEARCH_BUSY`. */
  queueLimit: number;
  /** A shared limiter (e.g. RateLimiterRedis) so several processes share one allowance; default in-process. */
  limiter?: RateLimiterAbstract;
}

/**
 * The client-side rate limit (R8.3) on rate-limiter-flexible: `perMinute` tokens per fixed minute
 * window, a burst queued FIFO in RateLimiterQueue up to `queueLimit`. A cancelled caller stops
 * waiting; its queued token is still spent when its turn comes.
 */
export function createSearchRateGate(options: SearchRateGateOptions): SearchRateGate {
  const limiter = options.limiter ?? new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  const queue = new RateLimiterQueue(limiter, { maxQueueSize: options.queueLimit });
  return {
    async take(signal) {
      signal?.throwIfAborted();
      const turn = queue.removeTokens(1).then(
        () => undefined,
        (error: unknown) => {
          throw new ParleyError(
            'SEARCH_BUSY',
            'Web search is busy; try again in a minute.',
            {},
            { cause: error },
          );
        },
      );
      return untilAborted(turn, signal, () => signal?.reason as Error);
    },
  };
}
