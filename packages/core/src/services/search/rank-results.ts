import type { SearchCriteria } from '../../domain/search-criteria.js';
import type { RankedResult } from '../../domain/search.js';
import { mentions } from './find-term.js';
import type { SourcedHit } from './merge-hits.js';

/** How much each signal weighs in the rank score; they sum to 1 (docs/search.md lists them). */
const RANK_WEIGHTS = Object.freeze({
  provider: 0.35,
  mustHave: 0.3,
  niceToHave: 0.1,
  seniority: 0.08,
  location: 0.1,
  freshness: 0.07,
});

const DAY_MS = 86_400_000;
/** Pages this recent count as fully fresh. */
const FRESH_DAYS = 30;
/** Pages older than this earn no freshness and are marked stale. */
const STALE_AFTER_DAYS = 365;

const REMOTE_TERMS = { remote: ['remote'], hybrid: ['hybrid'], onsite: [] } as const;

/**
 * Ranks results against the criteria (R8.2): the provider's score plus must-have, nice-to-have,
 * seniority and location matches in title and content, plus freshness. Each result says what it
 * matched, which must-haves it misses and whether it is stale; best first.
 */
export function rankResults(
  hits: readonly SourcedHit[],
  criteria: SearchCriteria,
  now: Date,
): RankedResult[] {
  return hits
    .map((hit) => rankOne(hit, criteria, now))
    .sort(
      (a, b) =>
        b.result.score - a.result.score ||
        b.provider - a.provider ||
        a.result.url.localeCompare(b.result.url),
    )
    .map(({ result }) => result);
}

function rankOne(
  hit: SourcedHit,
  criteria: SearchCriteria,
  now: Date,
): { result: RankedResult; provider: number } {
  const text = `${hit.title}\n${hit.content}`;
  const found = (terms: readonly string[]) => unique(terms).filter((term) => mentions(text, term));
  const must = found(criteria.mustHave);
  const nice = found(criteria.niceToHave);
  const seniority = criteria.seniority ? found([criteria.seniority]) : [];
  const places = found([...criteria.locations, ...(criteria.remote ? REMOTE_TERMS[criteria.remote] : [])]);
  const { freshness, old } = freshnessOf(hit.publishedAt, now);
  const provider = Math.min(1, Math.max(0, hit.score));

  const score =
    RANK_WEIGHTS.provider * provider +
    RANK_WEIGHTS.mustHave * share(must, criteria.mustHave) +
    RANK_WEIGHTS.niceToHave * share(nice, criteria.niceToHave) +
    RANK_WEIGHTS.seniority * (seniority.length > 0 ? 1 : 0) +
    RANK_WEIGHTS.location * (places.length > 0 ? 1 : 0) +
    RANK_WEIGHTS.freshness * freshness;

  return {
    provider,
    result: {
      title: hit.title,
      url: hit.url,
      content: hit.content,
      score: Math.round(score * 1000) / 1000,
      reasons: {
        matched: [...must, ...nice, ...seniority, ...places],
        missing: unique(criteria.mustHave).filter((term) => !must.includes(term)),
        stale: hit.stale || old,
      },
      ...(hit.publishedAt ? { publishedAt: hit.publishedAt } : {}),
    },
  };
}

/** 1 for a page from the last month, falling to 0 at a year; unknown dates count half. */
function freshnessOf(publishedAt: string | undefined, now: Date): { freshness: number; old: boolean } {
  const at = publishedAt ? Date.parse(publishedAt) : Number.NaN;
  if (Number.isNaN(at)) return { freshness: 0.5, old: false };
  const days = Math.max(0, (now.getTime() - at) / DAY_MS);
  if (days <= FRESH_DAYS) return { freshness: 1, old: false };
  if (days >= STALE_AFTER_DAYS) return { freshness: 0, old: true };
  return { freshness: 1 - (days - FRESH_DAYS) / (STALE_AFTER_DAYS - FRESH_DAYS), old: false };
}

function share(found: readonly string[], wanted: readonly string[]): number {
  const total = unique(wanted).length;
  return total === 0 ? 0 : found.length / total;
}

function unique(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  return terms
    .map((term) => term.trim())
    .filter((term) => term !== '' && !seen.has(term.toLowerCase()) && seen.add(term.toLowerCase()));
}
