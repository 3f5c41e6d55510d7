import { hostOf, onDomain } from './canonical-url.js';
import { mentions } from './find-term.js';
import type { SourcedHit } from './merge-hits.js';

/** What removes a result before ranking: excluded terms, and the domain allow and deny lists. */
export interface HitFilter {
  excluded: readonly string[];
  /** When not empty, only these domains (and subdomains) pass. */
  includeDomains: readonly string[];
  excludeDomains: readonly string[];
}

/**
 * Drops results that mention an excluded term or skill in title or content, sit on a denied domain,
 * or (with an allow list) on any other (R8.2). The provider is told the same lists; this is the
 * guarantee for providers and cache entries that did not honour them.
 */
export function filterHits(hits: readonly SourcedHit[], filter: HitFilter): SourcedHit[] {
  return hits.filter((hit) => {
    const host = hostOf(hit.url);
    if (filter.excludeDomains.some((domain) => onDomain(host, domain))) return false;
    if (filter.includeDomains.length > 0 && !filter.includeDomains.some((domain) => onDomain(host, domain)))
      return false;
    const text = `${hit.title}\n${hit.content}`;
    return !filter.excluded.some((term) => mentions(text, term));
  });
}
