/** A stored message found by retrieval, with the index's own score (higher is better within one list). */
export interface RetrievalHit {
  messageId: string;
  sessionId: string;
  seq: number;
  score: number;
}

/**
 * Which messages a retrieval search may return: always one user's; of the session, only those
 * older than `beforeSeq`; of the user's other sessions, all of them when `across` is `user`.
 */
export interface RetrievalScope {
  userId: string;
  sessionId: string;
  /** Only messages of `sessionId` with a smaller sequence number (those not in the recent window). */
  beforeSeq: number;
  /** `session` (default): that session only; `user`: every session of the user. */
  across?: RetrievalBreadth;
  limit: number;
}

/** How wide retrieval searches: the current session, or all of the user's sessions (R6). */
export type RetrievalBreadth = 'session' | 'user';

/** A search result the user kept, found by retrieval (R6.2), with the index's score. */
export interface KeptHit {
  sessionId: string;
  url: string;
  title: string;
  content: string;
  score: number;
}

/** A message waiting for its vector. */
export interface PendingEmbedding {
  messageId: string;
  sessionId: string;
  seq: number;
  content: string;
}

/**
 * The retrieval indexes over stored messages and kept search results (R6.1), maintained by the
 * store: a lexical index that is always there, and message vectors the embedding job adds. Every
 * search is scoped to one user.
 */
export interface RetrievalRepository {
  /** Messages matching any of `terms` (plain words), best first. */
  searchText(scope: RetrievalScope, terms: string[]): Promise<RetrievalHit[]>;
  /**
   * Kept search results whose title, content or URL match any of `terms`, best first, from the
   * scope's session (or all of the user's sessions); `beforeSeq` does not apply to them.
   */
  searchKept(scope: RetrievalScope, terms: string[]): Promise<KeptHit[]>;
  /**
   * User and assistant messages of the session without a vector of `model`, oldest first; only
   * those after `afterSeq` when given (a caller that knows the older ones have theirs).
   */
  pendingEmbeddings(
    sessionId: string,
    model: string,
    limit: number,
    afterSeq?: number,
  ): Promise<PendingEmbedding[]>;
  saveVectors(
    model: string,
    vectors: Array<{ messageId: string; sessionId: string; vector: number[] }>,
  ): Promise<void>;
  /** Messages whose `model` vector is closest (cosine) to `vector`, best first. */
  searchVectors(scope: RetrievalScope, model: string, vector: number[]): Promise<RetrievalHit[]>;
}
