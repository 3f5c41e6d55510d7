import { abortableSleep } from '../../shared/abortable-sleep.js';
import pRetry, { AbortError } from 'p-retry';
import { asAttemptError, isRetryable, LlmAttemptError, type LlmFailure } from './llm-failure.js';

/** How hard one model is retried before the next model is tried. */
export interface RetryPolicy {
  /** Attempts per model, the first included. */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles each time, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 };

/** Waits `ms` or rejects with the signal's reason; injectable so tests need not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = abortableSleep;
/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export interface RetryOptions {
  model: string;
  policy: RetryPolicy;
  /** Epoch ms after which no further wait is started (the call's retry budget). */
  deadline: number;
  now: () => number;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  onRetry(failure: LlmFailure, attempt: number, delayMs: number): void;
}

/**
 * Runs `attempt` with p-retry: only retryable failures are retried, `Retry-After` replaces the
 * backoff when given, and a wait that would end past the budget's deadline is not started (the
 * failure goes to the next model instead). Always rejects with an LlmAttemptError or the abort reason.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { model, policy, now, signal } = options;
  return pRetry(
    async (attemptNumber) => {
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        if (signal?.aborted) throw new AbortError(signal.reason as Error);
        const failed = asAttemptError(model, error, now());
        throw isRetryable(failed.failure) ? failed : new AbortError(failed);
      }
    },
    {
      retries: Math.max(0, policy.maxAttempts - 1),
      minTimeout: 0,
      maxTimeout: 0,
      signal,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft === 0 || !(error instanceof LlmAttemptError)) return;
        const delay = error.failure.retryAfterMs ?? backoffDelay(attemptNumber, policy, options.random);
        if (now() + delay > options.deadline) throw error;
        options.onRetry(error.failure, attemptNumber, delay);
        await options.sleep(delay, signal);
      },
    },
  );
}
