import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import { ParleyError } from '../../errors/parley-error.js';
import { SearchProviderError } from '../../errors/search-provider-error.js';
import type { Clock } from '../../ports/clock.js';
import { untilAborted } from '../../shared/until-aborted.js';
import type {
  SearchFailureKind,
  SearchHit,
  SearchProvider,
  SearchRequest,
} from '../../ports/search-provider.js';
import type { SearchMetricsListener } from '../../ports/search-metrics-listener.js';
import type { SearchBreaker } from './search-breaker.js';
import { SearchCache } from './search-cache.js';
import type { SearchRateGate } from './search-rate-gate.js';

/** How hard one query is retried before the breaker and the stale fallback take over. */
export interface SearchRetryPolicy {
  /** Attempts per query, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubles each time, with jitter. */
  baseDelayMs: number;
}

export const DEFAULT_SEARCH_RETRY: SearchRetryPolicy = { maxAttempts: 3, baseDelayMs: 250 };

/** Waits `ms` or rejects with the signal's reason; injected so tests need not wait. */
export type SearchSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** What one query came back with. */
export interface QueryOutcome {
  hits: SearchHit[];
  fromCache: boolean;
  /** Old cache entry served because the provider failed. */
  stale: boolean;
  /** Why the provider gave nothing, when it did not (`busy`: the rate queue refused the query). */
  failure?: SearchFailureKind | 'busy';
}

export interface FetchQueryDeps {
  provider: SearchProvider;
  cache: SearchCache;
  gate: SearchRateGate;
  breaker: SearchBreaker;
  clock: Clock;
  logger: Logger;
  sleep: SearchSleep;
  retry: SearchRetryPolicy;
  /** Provider settings that change answers (e.g. search depth), part of every cache key. */
  fingerprint: Record<string, unknown>;
  metrics?: SearchMetricsListener;
  random?: () => number;
}

const RETRYABLE: ReadonlySet<SearchFailureKind> = new Set([
  'timeout',
  'rate_limited',
  'server',
  'network',
  'bad_response',
]);

/**
 * One query, as cheaply and safely as possible (R8.3, R8.4): a fresh cache entry answers it; else
 * the provider, behind the breaker and the rate gate, retried within the policy; on failure the old
 * cache entry (stale) or nothing, with the reason. Only `SEARCH_BUSY` and `CANCELLED` are thrown.
 */
export async function fetchQuery(deps: FetchQueryDeps, request: SearchRequest): Promise<QueryOutcome> {
  const { signal, query, ...options } = request;
  const key = SearchCache.key(query, { ...options, ...deps.fingerprint, provider: deps.provider.name });
  const cached = await deps.cache.get(key);
  deps.metrics?.onCacheLookup?.({ hit: cached?.fresh === true });
  if (cached?.fresh) return { hits: cached.hits, fromCache: true, stale: false };

  try {
    const hits = await withRetry(deps, () => deps.breaker.execute(() => attempt(deps, request)), signal);
    await deps.cache.put(key, hits);
    return { hits, fromCache: false, stale: false };
  } catch (error) {
    if (signal?.aborted) throw new ParleyError('CANCELLED', 'The search was cancelled.');
    if (error instanceof ParleyError) throw error;
    const failure =
      error instanceof SearchProviderError ? error : new SearchProviderError('server', 'failed');
    deps.logger.warn(
      { kind: failure.kind, status: failure.status, stale: Boolean(cached) },
      'search query failed',
    );
    return cached
      ? { hits: cached.hits, fromCache: true, stale: true, failure: failure.kind }
      : { hits: [], fromCache: false, stale: false, failure: failure.kind };
  }
}

async function attempt(deps: FetchQueryDeps, request: SearchRequest): Promise<SearchHit[]> {
  await deps.gate.take(request.signal);
  const started = deps.clock.now().getTime();
  const latency = () => deps.clock.now().getTime() - started;
  try {
    const hits = await untilAborted(
      deps.provider.search(request),
      request.signal,
      () => new SearchProviderError('aborted', 'cancelled'),
    );
    deps.metrics?.onRequest?.({ provider: deps.provider.name, outcome: 'ok', latencyMs: latency() });
    return hits;
  } catch (error) {
    const failure =
      error instanceof SearchProviderError ? error : new SearchProviderError('server', 'provider failed');
    deps.metrics?.onRequest?.({ provider: deps.provider.name, outcome: failure.kind, latencyMs: latency() });
    throw failure;
  }
}

function withRetry<T>(
  deps: FetchQueryDeps,
  run: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  const random = deps.random ?? Math.random;
  return pRetry(
    async () => {
      try {
        return await run();
      } catch (error) {
        const retryable = error instanceof SearchProviderError && RETRYABLE.has(error.kind);
        throw retryable ? error : new AbortError(error as Error);
      }
    },
    {
      retries: Math.max(0, deps.retry.maxAttempts - 1),
      minTimeout: 0,
      maxTimeout: 0,
      ...(signal ? { signal } : {}),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft === 0) return;
        const step = deps.retry.baseDelayMs * 2 ** (attemptNumber - 1);
        const delay = Math.round(step / 2 + (random() * step) / 2);
        deps.logger.info(
          { kind: (error as SearchProviderError).kind, attempt: attemptNumber, delay },
          'search retry',
        );
        await deps.sleep(delay, signal);
      },
    },
  );
}
