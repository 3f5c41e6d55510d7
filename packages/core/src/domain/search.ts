/** What a search looks for: pay and demand, comparable postings, people, or the user's own words. */
export const SEARCH_INTENTS = ['market', 'postings', 'candidates', 'general'] as const;

export type SearchIntent = (typeof SEARCH_INTENTS)[number];

/** Why a result ranks where it does (R8.2). */
export interface RankReasons {
  /** Criteria found in the title or content: skills, seniority, locations. */
  matched: string[];
  /** Must-have skills not found. */
  missing: string[];
  /** Published long ago, or served from an old cache entry because the provider failed. */
  stale: boolean;
}

/** One normalised, filtered and ranked result. */
export interface RankedResult {
  title: string;
  /** Canonical URL: https, lower-case host, no tracking parameters or fragment. */
  url: string;
  content: string;
  /** Rank score, 0–1: the provider's relevance combined with the criteria matches and freshness. */
  score: number;
  reasons: RankReasons;
  publishedAt?: string;
}

/** One search as stored with its session, so the user and the model can refer back to it. */
export interface SearchRun {
  id: string;
  sessionId: string;
  intent: SearchIntent;
  /** The user's own words, when given. */
  query: string | null;
  /** The queries sent (or answered from the cache). */
  queries: string[];
  results: RankedResult[];
  /** Every query was answered from the cache. */
  fromCache: boolean;
  /** A query failed and nothing (or only part) could be answered. */
  degraded: boolean;
  /** Some results are old cache entries served because the provider failed. */
  stale: boolean;
  /** Why the answer is degraded or stale, in words safe to show. */
  reason?: string;
  createdAt: Date;
}

/** A result the user kept: stored with the session and indexed by retrieval besides the messages. */
export interface KeptResult {
  sessionId: string;
  searchId: string;
  url: string;
  title: string;
  content: string;
  keptAt: Date;
}
