/** Why one attempt at one model failed, in the terms retries, breakers and metrics decide on. */
export type LlmFailureKind =
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'bad_response'
  | 'timeout'
  | 'client'
  | 'auth'
  | 'breaker_open'
  | 'aborted';

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
