import type { SearchHit } from '../../ports/search-provider.js';
import { canonicalUrl } from './canonical-url.js';

/** A provider hit and whether it came from an old cache entry served because the provider failed. */
export interface SourcedHit extends SearchHit {
  stale: boolean;
}

/**
 * The hits of every query as one list of distinct pages (R8.2): URLs canonicalised, the same page
 * found twice kept once with the higher provider score and the longer snippet; unusable URLs dropped.
 */
export function mergeHits(lists: readonly SourcedHit[][]): SourcedHit[] {
  const byUrl = new Map<string, SourcedHit>();
  for (const hit of lists.flat()) {
    const url = canonicalUrl(hit.url);
    if (!url) continue;
    const seen = byUrl.get(url);
    if (!seen) {
      byUrl.set(url, { ...hit, url });
      continue;
    }
    const longer = hit.content.length > seen.content.length ? hit : seen;
    byUrl.set(url, {
      ...seen,
      title: seen.title || hit.title,
      content: longer.content,
      score: Math.max(seen.score, hit.score),
      stale: seen.stale && hit.stale,
      ...((seen.publishedAt ?? hit.publishedAt) ? { publishedAt: seen.publishedAt ?? hit.publishedAt } : {}),
    });
  }
  return [...byUrl.values()];
}
