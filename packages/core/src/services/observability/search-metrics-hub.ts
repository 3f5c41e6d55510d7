import type { SearchMetricsListener } from '../../ports/search-metrics-listener.js';

type Event<K extends keyof SearchMetricsListener> = Parameters<Required<SearchMetricsListener>[K]>[0];

/**
 * Fans the search service's events out to late subscribers, such as a server's metrics registry
 * created after the core (R10.4).
 */
export class SearchMetricsHub implements Required<SearchMetricsListener> {
  private readonly listeners = new Set<SearchMetricsListener>();

  /** Starts forwarding to `listener`; the returned function stops it. */
  subscribe(listener: SearchMetricsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRequest(event: Event<'onRequest'>): void {
    for (const listener of this.listeners) listener.onRequest?.(event);
  }

  onCacheLookup(event: Event<'onCacheLookup'>): void {
    for (const listener of this.listeners) listener.onCacheLookup?.(event);
  }

  onAnswer(event: Event<'onAnswer'>): void {
    for (const listener of this.listeners) listener.onAnswer?.(event);
  }

  onBreakerState(event: Event<'onBreakerState'>): void {
    for (const listener of this.listeners) listener.onBreakerState?.(event);
  }
}
