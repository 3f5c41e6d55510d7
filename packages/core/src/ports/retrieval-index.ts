/** A stored message found by retrieval, with the index's own score (higher is better within one list). */
export interface RetrievalHit {
  messageId: string;
  sessionId: string;
  seq: number;
  score: number;
}

/** Which messages a retrieval search may return: one user's, in one session, older than `beforeSeq`. */
export interface RetrievalScope {
  userId: string;
  sessionId: string;
  /** Only messages with a smaller sequence number (those not in the recent window). */
  beforeSeq: number;
  limit: number;
}

/** A message waiting for its vector. */
export interface PendingEmbedding {
  messageId: string;
  sessionId: string;
  content: string;
}

/**
 * The retrieval indexes over stored messages (R6.1), maintained by the store: a lexical index that
 * is always there, and vectors the embedding job adds. Every search is scoped to one user.
 */
export interface RetrievalRepository {
  /** Messages matching any of `terms` (plain words), best first. */
  searchText(scope: RetrievalScope, terms: string[]): Promise<RetrievalHit[]>;
  /** User and assistant messages of the session without a vector of `model`, oldest first. */
  pendingEmbeddings(sessionId: string, model: string, limit: number): Promise<PendingEmbedding[]>;
  saveVectors(
    model: string,
    vectors: Array<{ messageId: string; sessionId: string; vector: number[] }>,
  ): Promise<void>;
  /** Messages whose `model` vector is closest (cosine) to `vector`, best first. */
  searchVectors(scope: RetrievalScope, model: string, vector: number[]): Promise<RetrievalHit[]>;
}
