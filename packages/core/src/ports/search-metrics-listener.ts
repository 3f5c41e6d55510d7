import type { BreakerState } from './llm-metrics-listener.js';
import type { SearchFailureKind } from './search-provider.js';

/**
 * Optional hooks the server's metrics use to count search calls, cache hits, degraded answers and
 * the breaker (R10.4); called synchronously, so keep them cheap.
 */
export interface SearchMetricsListener {
  /** One provider attempt ended (a retry is another attempt); `latencyMs` is the provider's time. */
  onRequest?(event: { provider: string; outcome: 'ok' | SearchFailureKind; latencyMs: number }): void;
  /** One query was looked up in the cache; a fresh entry is a hit. */
  onCacheLookup?(event: { hit: boolean }): void;
  /** One search answered; `degraded`/`stale` tell how well. */
  onAnswer?(event: { intent: string; fromCache: boolean; degraded: boolean; stale: boolean }): void;
  /** The provider's circuit breaker changed state. */
  onBreakerState?(event: { state: BreakerState }): void;
}
