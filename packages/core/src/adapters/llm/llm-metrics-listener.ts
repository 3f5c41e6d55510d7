import type { LlmFailureKind } from './llm-failure.js';

/** Which adapter call an attempt belonged to. */
export type LlmOperation = 'stream' | 'json' | 'embed' | 'ping';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Optional hooks the server's metrics use to count LLM attempts, errors and breaker states (R10.4);
 * called synchronously, so keep them cheap.
 */
export interface LlmMetricsListener {
  /** One HTTP attempt at one model ended; for streams, when the first token arrived or it failed. */
  onAttempt?(event: {
    operation: LlmOperation;
    model: string;
    outcome: 'ok' | LlmFailureKind;
    status?: number;
    latencyMs: number;
  }): void;
  /** A model's circuit breaker changed state. */
  onBreakerState?(event: { model: string; state: BreakerState }): void;
}
