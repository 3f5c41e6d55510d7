import type { RetrievalHit } from '../../ports/retrieval-index.js';

/** The usual constant of reciprocal rank fusion: damps the weight of the very first places. */
const K = 60;

/**
 * Reciprocal rank fusion (R6): each list votes 1/(K + rank) for its hits, so lexical and vector
 * results combine without comparing their incomparable scores. Best first; `score` is the fused vote.
 */
export function fuseRanks(lists: RetrievalHit[][], limit: number): RetrievalHit[] {
  const fused = new Map<string, RetrievalHit>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const vote = 1 / (K + rank + 1);
      const seen = fused.get(hit.messageId);
      fused.set(hit.messageId, { ...hit, score: (seen?.score ?? 0) + vote });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.seq - b.seq).slice(0, limit);
}
