import type { LlmMetricsListener } from '../../ports/llm-metrics-listener.js';

/**
 * Fans the LLM adapter's attempt and breaker events out to late subscribers, such as a server's
 * metrics registry created after the core (R10.4).
 */
export class LlmMetricsHub implements Required<LlmMetricsListener> {
  private readonly listeners = new Set<LlmMetricsListener>();

  /** Starts forwarding to `listener`; the returned function stops it. */
  subscribe(listener: LlmMetricsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAttempt(event: Parameters<Required<LlmMetricsListener>['onAttempt']>[0]): void {
    for (const listener of this.listeners) listener.onAttempt?.(event);
  }

  onBreakerState(event: Parameters<Required<LlmMetricsListener>['onBreakerState']>[0]): void {
    for (const listener of this.listeners) listener.onBreakerState?.(event);
  }
}
