/** What kind of pages a provider should favour; Tavily's `topic`. */
export type SearchTopic = 'general' | 'news' | 'finance';

/** How far back results may reach; Tavily's `time_range`. */
export type SearchTimeRange = 'day' | 'week' | 'month' | 'year';

/** Why one provider call failed, in the terms retries, the breaker and metrics decide on. */
export type SearchFailureKind =
  | 'timeout'
  | 'rate_limited'
  | 'quota'
  | 'server'
  | 'network'
  | 'bad_response'
  | 'auth'
  | 'client'
  | 'aborted'
  | 'breaker_open';

/** One request to a web search provider: a single query with its options. */
export interface SearchRequest {
  query: string;
  maxResults: number;
  /** Only pages on these domains (and their subdomains). */
  includeDomains?: string[];
  /** Never pages on these domains. */
  excludeDomains?: string[];
  topic?: SearchTopic;
  timeRange?: SearchTimeRange;
  /** Cancels the wait; a provider that cannot cancel its HTTP call still stops waiting for it. */
  signal?: AbortSignal;
}

/** One page as the provider reports it, before Parley normalises, filters and ranks it. */
export interface SearchHit {
  title: string;
  url: string;
  /** The provider's snippet or extract. */
  content: string;
  /** The provider's relevance, 0–1. */
  score: number;
  /** ISO 8601 publication date, when the provider knows it. */
  publishedAt?: string;
}

/**
 * Web search port (R8.1). Implementations throw a `SearchProviderError` whose `kind` says what went
 * wrong, so retries, the breaker and metrics decide the same way for every provider.
 */
export interface SearchProvider {
  /** Short name for logs and metrics, e.g. `tavily`. */
  readonly name: string;
  search(request: SearchRequest): Promise<SearchHit[]>;
}
