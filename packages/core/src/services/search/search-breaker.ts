import { CircuitState, ConsecutiveBreaker, BrokenCircuitError, circuitBreaker, handleWhen } from 'cockatiel';
import type { Logger } from 'pino';
import { SearchProviderError } from '../../errors/search-provider-error.js';
import type { Clock } from '../../ports/clock.js';
import type { BreakerState } from '../../ports/llm-metrics-listener.js';
import type { SearchFailureKind } from '../../ports/search-provider.js';

/** The provider's circuit breaker. */
export interface SearchBreaker {
  /** Runs `fn`, or rejects with a `breaker_open` failure while the breaker is open. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
  state(): BreakerState;
}

/** Failures that say the provider is unhealthy or unusable; the caller's own mistakes and aborts do not count. */
const TRIPS: ReadonlySet<SearchFailureKind> = new Set([
  'timeout',
  'rate_limited',
  'quota',
  'server',
  'network',
  'bad_response',
  'auth',
]);

/**
 * A cockatiel ConsecutiveBreaker whose cool-down is measured on the injected clock: cockatiel
 * half-opens at once (`halfOpenAfter: 0`) and this wrapper fails fast until `cooldownMs` has passed
 * on `clock`, so tests move the clock instead of waiting. Then one probe closes or re-opens it.
 */
export function createSearchBreaker(options: {
  threshold: number;
  cooldownMs: number;
  clock: Clock;
  logger: Logger;
  onState?: (state: BreakerState) => void;
}): SearchBreaker {
  const policy = circuitBreaker(
    handleWhen((error) => error instanceof SearchProviderError && TRIPS.has(error.kind)),
    { halfOpenAfter: 0, breaker: new ConsecutiveBreaker(options.threshold) },
  );
  let openedAt: number | undefined;
  const now = () => options.clock.now().getTime();
  const coolingDown = () => openedAt !== undefined && now() - openedAt < options.cooldownMs;

  policy.onStateChange((state) => {
    const name: BreakerState =
      state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
    if (name === 'open') openedAt = now();
    if (name === 'closed') openedAt = undefined;
    if (name === 'open') options.logger.warn({ breaker: name }, 'search circuit breaker opened');
    else options.logger.info({ breaker: name }, `search circuit breaker ${name}`);
    options.onState?.(name);
  });

  return {
    async execute(fn) {
      if (coolingDown()) throw new SearchProviderError('breaker_open', 'circuit open');
      try {
        return await policy.execute(fn);
      } catch (error) {
        if (error instanceof BrokenCircuitError)
          throw new SearchProviderError('breaker_open', 'circuit open');
        throw error;
      }
    },
    state: () => (coolingDown() ? 'open' : openedAt === undefined ? 'closed' : 'half-open'),
  };
}
