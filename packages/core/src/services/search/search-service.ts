import { abortableSleep } from '../../shared/abortable-sleep.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { ParleyConfig } from '../../config/parley-config.js';
import { EMPTY_CRITERIA, type SearchCriteria } from '../../domain/search-criteria.js';
import { SEARCH_INTENTS, type KeptResult, type SearchIntent, type SearchRun } from '../../domain/search.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Cache } from '../../ports/cache.js';
import type { Clock } from '../../ports/clock.js';
import type { BreakerState } from '../../ports/llm-metrics-listener.js';
import type { SearchMetricsListener } from '../../ports/search-metrics-listener.js';
import type { SearchProvider } from '../../ports/search-provider.js';
import type { Store } from '../../ports/store.js';
import type { SessionService } from '../sessions/session-service.js';
import { validate } from '../validate.js';
import { buildQueries } from './build-queries.js';
import { canonicalUrl } from './canonical-url.js';
import { describeSearchFailure } from './describe-failure.js';
import {
  DEFAULT_SEARCH_RETRY,
  fetchQuery,
  type FetchQueryDeps,
  type QueryOutcome,
  type SearchRetryPolicy,
  type SearchSleep,
} from './fetch-query.js';
import { filterHits } from './filter-hits.js';
import { mergeHits } from './merge-hits.js';
import { rankResults } from './rank-results.js';
import { createSearchBreaker } from './search-breaker.js';
import { SearchCache } from './search-cache.js';
import { createSearchRateGate } from './search-rate-gate.js';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'expected a domain such as example.com');
const searchInput = z.object({
  intent: z.enum(SEARCH_INTENTS).optional(),
  query: z.string().trim().min(1).max(400).optional(),
  includeDomains: z.array(domain).max(50).optional(),
  excludeDomains: z.array(domain).max(50).optional(),
});
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const keepInput = z.object({ searchId: z.uuid(), url: z.string().trim().min(1).max(2_000) });

/** What a caller asks for: an intent and/or words, the role's criteria, extra domain limits. */
export interface SearchInput {
  intent?: SearchIntent;
  query?: string;
  /** What the role needs; default: nothing known, so `query` is required. */
  criteria?: SearchCriteria;
  includeDomains?: string[];
  excludeDomains?: string[];
  /** Cancels the search: it stops waiting and nothing is stored. */
  signal?: AbortSignal;
}

export interface SearchServiceDeps {
  /** null when search is off (no `TAVILY_API_KEY`): every search answers `SEARCH_NOT_CONFIGURED`. */
  provider: SearchProvider | null;
  store: Store;
  sessions: SessionService;
  cache: Cache;
  clock: Clock;
  logger: Logger;
  config: ParleyConfig['search'];
  metrics?: SearchMetricsListener;
  /** A shared limiter (e.g. RateLimiterRedis) so processes share one allowance; default in-process. */
  limiter?: RateLimiterAbstract;
  sleep?: SearchSleep;
  retry?: SearchRetryPolicy;
  random?: () => number;
  /** Told of every stored run (the `search_results` session event). */
  onRun?: (run: SearchRun) => Promise<void>;
}

/**
 * Web search for a session (R8): builds queries from the role's criteria or the user's words, runs
 * them concurrently through cache, rate limit, retries and breaker, merges, filters and ranks the
 * results, and stores the run with the session. Provider trouble never throws: the answer is then
 * stale or degraded with a reason.
 */
export class SearchService {
  private readonly fetch: FetchQueryDeps | undefined;

  constructor(private readonly deps: SearchServiceDeps) {
    const { provider, config, clock, logger, metrics } = deps;
    this.fetch = provider
      ? {
          provider,
          cache: new SearchCache({ cache: deps.cache, clock, ttlMs: config.cacheTtlMs }),
          gate: createSearchRateGate({
            perMinute: config.ratePerMinute,
            queueLimit: config.queueLimit,
            ...(deps.limiter ? { limiter: deps.limiter } : {}),
          }),
          breaker: createSearchBreaker({
            threshold: config.breakerThreshold,
            cooldownMs: config.breakerCooldownMs,
            clock,
            logger,
            onState: (state) => metrics?.onBreakerState?.({ state }),
          }),
          clock,
          logger,
          sleep: deps.sleep ?? abortableSleep,
          retry: deps.retry ?? DEFAULT_SEARCH_RETRY,
          fingerprint: { depth: config.depth },
          ...(metrics ? { metrics } : {}),
          ...(deps.random ? { random: deps.random } : {}),
        }
      : undefined;
  }

  /** False when no provider is configured; the chat then does not offer `web_search`. */
  get enabled(): boolean {
    return this.fetch !== undefined;
  }

  /** The provider's breaker (`closed` when search is off). */
  breakerState(): BreakerState {
    return this.fetch?.breaker.state() ?? 'closed';
  }

  /**
   * Runs one search in the user's session and stores it. Throws only for the caller's mistakes
   * (`VALIDATION_FAILED`, `SESSION_NOT_FOUND`, `SESSION_EXPIRED`, `SESSION_CLOSED`), when search is
   * off (`SEARCH_NOT_CONFIGURED`), busy (`SEARCH_BUSY`) or cancelled (`CANCELLED`).
   */
  async search(userId: string, sessionId: string, input: SearchInput): Promise<SearchRun> {
    const { signal, criteria = EMPTY_CRITERIA } = input;
    const {
      intent: asked,
      query,
      includeDomains,
      excludeDomains,
    } = validate(searchInput, {
      intent: input.intent,
      query: input.query,
      includeDomains: input.includeDomains,
      excludeDomains: input.excludeDomains,
    });
    const fetch = this.requireEnabled();
    await this.deps.sessions.requireActive(userId, sessionId);
    const intent = asked ?? (query ? 'general' : 'postings');
    const now = this.deps.clock.now();
    const plan = buildQueries(intent, criteria, query, this.deps.config.maxQueries, now);
    if (plan.queries.length === 0) {
      throw new ParleyError(
        'VALIDATION_FAILED',
        'query: nothing to search for yet; give a query or describe the role first',
        { field: 'query' },
      );
    }
    // Sorted, so the same lists in another order share cache entries.
    const include = [...new Set(includeDomains ?? this.deps.config.includeDomains)].sort();
    const exclude = [...new Set([...this.deps.config.excludeDomains, ...(excludeDomains ?? [])])].sort();

    const settled = await Promise.allSettled(
      plan.queries.map((q) =>
        fetchQuery(fetch, {
          query: q,
          maxResults: this.deps.config.maxResults,
          topic: 'general',
          ...(plan.timeRange ? { timeRange: plan.timeRange } : {}),
          ...(include.length > 0 ? { includeDomains: include } : {}),
          ...(exclude.length > 0 ? { excludeDomains: exclude } : {}),
          ...(signal ? { signal } : {}),
        }),
      ),
    );
    const outcomes = this.outcomesOf(settled, signal);

    const hits = mergeHits(outcomes.map((o) => o.hits.map((hit) => ({ ...hit, stale: o.stale }))));
    const kept = filterHits(hits, {
      excluded: criteria.excluded,
      includeDomains: include,
      excludeDomains: exclude,
    });
    const stale = outcomes.some((o) => o.stale);
    const degraded = outcomes.some((o) => o.failure !== undefined && !o.stale);
    const failure = outcomes.find((o) => o.failure)?.failure;
    const run: SearchRun = {
      id: randomUUID(),
      sessionId,
      intent,
      query: query ?? null,
      queries: plan.queries,
      results: rankResults(kept, criteria, now),
      fromCache: outcomes.every((o) => o.fromCache),
      degraded,
      stale,
      ...(failure ? { reason: describeSearchFailure(failure, stale && !degraded) } : {}),
      createdAt: now,
    };
    await this.deps.store.searches.save(run);
    this.deps.metrics?.onAnswer?.({ intent, fromCache: run.fromCache, degraded, stale });
    await this.deps
      .onRun?.(run)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, sessionId }, 'announcing a search failed'),
      );
    return run;
  }

  /** The session's searches, newest first; readable in any session status. */
  async list(userId: string, sessionId: string, query: { limit?: number } = {}): Promise<SearchRun[]> {
    const { limit } = validate(listQuery, query);
    await this.deps.sessions.get(userId, sessionId);
    return this.deps.store.searches.list(sessionId, limit);
  }

  /** Keeps one result of one of the session's searches; keeping it again changes nothing. */
  async keep(userId: string, sessionId: string, searchId: string, url: string): Promise<KeptResult> {
    const input = validate(keepInput, { searchId, url });
    await this.deps.sessions.requireActive(userId, sessionId);
    const run = await this.deps.store.searches.findById(sessionId, input.searchId);
    if (!run) throw new ParleyError('NOT_FOUND', 'Search not found.', { searchId: input.searchId });
    const wanted = canonicalUrl(input.url) ?? input.url;
    const result = run.results.find((r) => r.url === wanted);
    if (!result) throw new ParleyError('NOT_FOUND', 'That result is not in this search.', { url: input.url });
    const kept = await this.deps.store.searches.keep({
      sessionId,
      searchId: run.id,
      url: result.url,
      title: result.title,
      content: result.content,
      keptAt: this.deps.clock.now(),
    });
    // The cached row's count is now behind: the next turn must see the session has kept results.
    await this.deps.sessions.forget(sessionId);
    return kept;
  }

  /** The results the user kept in the session, oldest first. */
  async kept(userId: string, sessionId: string): Promise<KeptResult[]> {
    await this.deps.sessions.get(userId, sessionId);
    return this.deps.store.searches.listKept(sessionId);
  }

  private requireEnabled(): FetchQueryDeps {
    if (this.fetch) return this.fetch;
    throw new ParleyError('SEARCH_NOT_CONFIGURED', 'Web search is off: set TAVILY_API_KEY to turn it on.', {
      key: 'TAVILY_API_KEY',
    });
  }

  /**
   * Per-query outcomes; a cancelled search throws `CANCELLED`, and one refused entirely by the
   * rate queue throws `SEARCH_BUSY`. A query refused while others ran counts as a failed query.
   */
  private outcomesOf(
    settled: PromiseSettledResult<QueryOutcome>[],
    signal: AbortSignal | undefined,
  ): QueryOutcome[] {
    if (signal?.aborted) throw new ParleyError('CANCELLED', 'The search was cancelled.');
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    const unexpected = rejected.find((s) => !ParleyError.is(s.reason, 'SEARCH_BUSY'));
    if (unexpected) throw unexpected.reason;
    if (rejected.length === settled.length) throw rejected[0]!.reason;
    return settled.map((s) =>
      s.status === 'fulfilled' ? s.value : { hits: [], fromCache: false, stale: false, failure: 'busy' },
    );
  }
}
