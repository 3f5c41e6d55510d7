import type { Logger } from 'pino';
import { ParleyError } from '../../errors/parley-error.js';
import { asAttemptError, describeFailure, type LlmFailure } from './llm-failure.js';
import type { LlmMetricsListener, LlmOperation } from '../../ports/llm-metrics-listener.js';
import type { ModelBreakers } from './model-breakers.js';
import { withRetry, type RetryPolicy, type Sleep } from './retry-policy.js';
import { timeoutError, type TimeoutPhase } from './stream-timeouts.js';

/** What the fallback loop needs; built once per provider. */
export interface Resilience {
  logger: Logger;
  breakers: ModelBreakers;
  policy: RetryPolicy;
  retryBudgetMs: number;
  sleep: Sleep;
  now: () => number;
  random?: () => number;
  metrics?: LlmMetricsListener;
}

type Attempted = LlmFailure & { model: string };

/**
 * Tries each model in order, each through its breaker and the retry policy; returns the first
 * success. Stops early on the caller's abort (rethrowing its reason), a rejected key or the
 * whole-answer timeout; otherwise ends with LLM_UNAVAILABLE (LLM_TIMEOUT when every model timed out).
 */
export async function runWithFallback<T>(
  resilience: Resilience,
  operation: LlmOperation,
  models: string[],
  attempt: (model: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<{ value: T; model: string }> {
  const { logger, breakers, now, metrics } = resilience;
  const deadline = now() + resilience.retryBudgetMs;
  const failures: Attempted[] = [];
  // Attempts throw LlmAttemptErrors classified where they failed; only the breaker's own refusal
  // (open circuit) is classified here, so every failure is classified exactly once.
  const measured = async (model: string): Promise<T> => {
    const started = now();
    try {
      const value = await breakers.execute(model, () => attempt(model));
      metrics?.onAttempt?.({ operation, model, outcome: 'ok', latencyMs: now() - started });
      return value;
    } catch (error) {
      const failed = asAttemptError(model, error, now());
      const { failure } = failed;
      const event = { operation, model, outcome: failure.kind, latencyMs: now() - started };
      metrics?.onAttempt?.(failure.status === undefined ? event : { ...event, status: failure.status });
      throw failed;
    }
  };

  for (const [index, model] of models.entries()) {
    try {
      const value = await withRetry(() => measured(model), {
        model,
        policy: resilience.policy,
        deadline,
        now,
        sleep: resilience.sleep,
        random: resilience.random,
        signal,
        onRetry: (failure, attemptNumber, delayMs) =>
          logger.warn(
            { model, status: failure.status, reason: failure.kind, attempt: attemptNumber, delayMs },
            'llm retry',
          ),
      });
      return { value, model };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const { failure } = asAttemptError(model, error, now());
      failures.push({ model, ...failure });
      if (failure.kind === 'auth' || failure.phase === 'total') break;
      const next = models[index + 1];
      if (next)
        logger.warn(
          { model, next, status: failure.status, reason: failure.kind },
          'llm fallback to next model',
        );
    }
  }
  throw exhausted(failures);
}

function exhausted(failures: Attempted[]): ParleyError {
  const attempts = failures.map(({ model, kind, status, providerCode }) => ({
    model,
    reason: kind,
    status,
    providerCode,
  }));
  const last = failures.at(-1);
  if (last && failures.every((failure) => failure.kind === 'timeout')) {
    const error = timeoutError((last.phase ?? 'total') as TimeoutPhase);
    return new ParleyError(error.code, error.message, { ...error.details, attempts });
  }
  if (last?.kind === 'auth') {
    return new ParleyError(
      'LLM_UNAVAILABLE',
      `The language model endpoint refused our credentials (${describeFailure(last)}).`,
      {
        attempts,
      },
    );
  }
  const tried = failures.map((failure) => `${failure.model} (${describeFailure(failure)})`).join(', ');
  return new ParleyError('LLM_UNAVAILABLE', `The language model is unavailable right now; tried ${tried}.`, {
    attempts,
  });
}
