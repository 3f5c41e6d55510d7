import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { LlmAttemptError, tripsBreaker } from './llm-failure.js';
import type { BreakerState, LlmMetricsListener } from '../../ports/llm-metrics-listener.js';

/** One circuit breaker per model name, created on first use. */
export interface ModelBreakers {
  /** Runs `fn` through the model's breaker; an open breaker rejects at once with BrokenCircuitError. */
  execute<T>(model: string, fn: () => Promise<T>): Promise<T>;
  state(model: string): BreakerState;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Cockatiel breakers keyed by model: `threshold` consecutive unhealthy failures open one, it fails
 * fast for `cooldownMs`, then lets one probe through (half-open) that closes or re-opens it (R5.4).
 */
export function createModelBreakers(options: {
  threshold: number;
  cooldownMs: number;
  logger: Logger;
  metrics?: LlmMetricsListener;
}): ModelBreakers {
  const breakers = new Map<string, CircuitBreakerPolicy>();
  const counts = handleWhen((error) => error instanceof LlmAttemptError && tripsBreaker(error.failure));

  const breakerFor = (model: string): CircuitBreakerPolicy => {
    let breaker = breakers.get(model);
    if (breaker) return breaker;
    breaker = circuitBreaker(counts, {
      halfOpenAfter: options.cooldownMs,
      breaker: new ConsecutiveBreaker(options.threshold),
    });
    breaker.onStateChange((state) => {
      const name = STATE_NAMES[state];
      const fields = { model, breaker: name };
      if (name === 'open') options.logger.warn(fields, 'llm circuit breaker opened');
      else options.logger.info(fields, `llm circuit breaker ${name}`);
      options.metrics?.onBreakerState?.({ model, state: name });
    });
    breakers.set(model, breaker);
    return breaker;
  };

  return {
    execute: (model, fn) => breakerFor(model).execute(fn),
    state: (model) => STATE_NAMES[breakers.get(model)?.state ?? CircuitState.Closed],
  };
}
