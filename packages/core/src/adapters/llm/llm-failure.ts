import type { LlmFailureKind } from '../../ports/llm-metrics-listener.js';
import { classifyLlmError } from './classify-llm-error.js';

export type { LlmFailureKind };

/** A classified failure: only fields that are safe to log and to show (never bodies or headers). */
export interface LlmFailure {
  kind: LlmFailureKind;
  status?: number;
  /** The provider's short error code (e.g. `context_length_exceeded`), when it is a plain identifier. */
  providerCode?: string;
  retryAfterMs?: number;
  /** For `timeout`: which limit expired (`first-token`, `idle`, `total`). */
  phase?: string;
  /** A 4xx whose message says the model does not take tools (the request is asked again without). */
  refusesTools?: boolean;
}

/**
 * A failure classified once, where it happened; p-retry, cockatiel, the fallback loop, metrics and
 * logs all read `failure` instead of classifying the error again.
 */
export class LlmAttemptError extends Error {
  override readonly name = 'LlmAttemptError';

  constructor(
    readonly model: string,
    readonly failure: LlmFailure,
  ) {
    super(`${model}: ${describeFailure(failure)}`);
  }
}

const RETRYABLE: ReadonlySet<LlmFailureKind> = new Set(['rate_limited', 'server', 'network', 'bad_response']);
const TRIPS_BREAKER: ReadonlySet<LlmFailureKind> = new Set([...RETRYABLE, 'timeout']);

/** 429, 5xx, 408/409, network and garbled responses are worth another try; other 4xx never are. */
export const isRetryable = (failure: LlmFailure): boolean => RETRYABLE.has(failure.kind);

/** Failures that say the model is unhealthy; the caller's own mistakes and aborts do not count. */
export const tripsBreaker = (failure: LlmFailure): boolean => TRIPS_BREAKER.has(failure.kind);

/** One short phrase for logs and error messages, e.g. `HTTP 503` or `circuit open`. */
export function describeFailure(failure: LlmFailure): string {
  if (failure.status !== undefined) return `HTTP ${failure.status}`;
  return failure.kind === 'breaker_open' ? 'circuit open' : failure.kind.replace('_', ' ');
}

/** The failure of an attempt at `model`: an LlmAttemptError as it is, anything else classified now. */
export function asAttemptError(model: string, error: unknown, now: number): LlmAttemptError {
  return error instanceof LlmAttemptError ? error : new LlmAttemptError(model, classifyLlmError(error, now));
}
