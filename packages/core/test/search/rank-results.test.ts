import { describe, expect, it } from 'vitest';
import type { SearchCriteria } from '../../src/domain/search-criteria.js';
import { canonicalUrl } from '../../src/services/search/canonical-url.js';
import { filterHits } from '../../src/services/search/filter-hits.js';
import { mergeHits, type SourcedHit } from '../../src/services/search/merge-hits.js';
import { rankResults } from '../../src/services/search/rank-results.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');
const criteria: SearchCriteria = {
  roleTitle: 'Backend engineer',
  seniority: 'senior',
  mustHave: ['Go', 'Kubernetes'],
  niceToHave: ['Terraform'],
  excluded: ['PHP', 'unpaid'],
  locations: ['Berlin'],
  remote: 'hybrid',
};
const hit = (overrides: Partial<SourcedHit>): SourcedHit => ({
  title: 'A page',
  url: 'https://example.com/page',
  content: '',
  score: 0.5,
  stale: false,
  ...overrides,
});

describe('ranking against the criteria', () => {
  it.each([
    {
      name: 'a matching page outranks a higher provider score',
      hits: [
        hit({
          url: 'https://a.example/match',
          score: 0.3,
          title: 'Senior Go engineer',
          content: 'Kubernetes, Terraform, Berlin (hybrid)',
        }),
        hit({
          url: 'https://b.example/popular',
          score: 0.95,
          title: 'Engineering jobs',
          content: 'Many roles',
        }),
      ],
      order: ['https://a.example/match', 'https://b.example/popular'],
      reasons: [
        {
          matched: ['Go', 'Kubernetes', 'Terraform', 'senior', 'Berlin', 'hybrid'],
          missing: [],
          stale: false,
        },
        { matched: [], missing: ['Go', 'Kubernetes'], stale: false },
      ],
    },
    {
      name: 'a partial match names what it misses; "Go" does not match "Google"',
      hits: [
        hit({ url: 'https://a.example/google', score: 0.6, content: 'Google Berlin office' }),
        hit({ url: 'https://b.example/go', score: 0.6, content: 'We write Go in Berlin' }),
      ],
      order: ['https://b.example/go', 'https://a.example/google'],
      reasons: [
        { matched: ['Go', 'Berlin'], missing: ['Kubernetes'], stale: false },
        { matched: ['Berlin'], missing: ['Go', 'Kubernetes'], stale: false },
      ],
    },
    {
      name: 'a fresh page outranks an otherwise equal old one, which is marked stale',
      hits: [
        hit({ url: 'https://a.example/old', content: 'Go', publishedAt: '2024-01-01' }),
        hit({ url: 'https://b.example/new', content: 'Go', publishedAt: '2026-10-20' }),
      ],
      order: ['https://b.example/new', 'https://a.example/old'],
      reasons: [
        { matched: ['Go'], missing: ['Kubernetes'], stale: false },
        { matched: ['Go'], missing: ['Kubernetes'], stale: true },
      ],
    },
  ])('$name', ({ hits, order, reasons }) => {
    const ranked = rankResults(hits, criteria, NOW);
    expect(ranked.map((result) => result.url)).toEqual(order);
    expect(ranked.map((result) => result.reasons)).toEqual(reasons);
    expect(ranked.every((result) => result.score >= 0 && result.score <= 1)).toBe(true);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });
});

describe('normalising, de-duplicating and filtering', () => {
  it.each([
    ['HTTP://Example.COM:80/jobs/?utm_source=x&b=2&a=1#apply', 'https://example.com/jobs?a=1&b=2'],
    ['https://example.com/?gclid=1&fbclid=2', 'https://example.com/'],
    ['https://user:pw@example.com:443/x//', 'https://example.com/x'],
    ['mailto:jobs@example.com', undefined],
    ['not a url', undefined],
  ])('canonicalises %s', (raw, canonical) => {
    expect(canonicalUrl(raw)).toBe(canonical);
  });

  it('keeps one result for the same page under two URLs, with the better score and longer snippet', () => {
    const merged = mergeHits([
      [hit({ url: 'https://Example.com/job?utm_campaign=a#top', score: 0.4, content: 'short' })],
      [
        hit({ url: 'http://example.com/job/', score: 0.7, content: 'a longer snippet' }),
        hit({ url: 'https://example.com/other' }),
      ],
    ]);
    expect(merged.map((h) => [h.url, h.score, h.content])).toEqual([
      ['https://example.com/job', 0.7, 'a longer snippet'],
      ['https://example.com/other', 0.5, ''],
    ]);
  });

  it.each([
    {
      name: 'excluded terms in title or content',
      filter: {},
      kept: ['https://ok.example/go', 'https://jobs.spam.example/x', 'https://www.allowed.example/y'],
    },
    {
      name: 'a denied domain and its subdomains',
      filter: { excludeDomains: ['spam.example'] },
      kept: ['https://ok.example/go', 'https://www.allowed.example/y'],
    },
    {
      name: 'only allowed domains',
      filter: { includeDomains: ['allowed.example'] },
      kept: ['https://www.allowed.example/y'],
    },
  ])('removes $name', ({ filter, kept }) => {
    const hits = [
      hit({ url: 'https://ok.example/go', content: 'Go in Berlin' }),
      hit({ url: 'https://php.example/a', title: 'Senior php developer' }),
      hit({ url: 'https://unpaid.example/b', content: 'An UNPAID internship' }),
      hit({ url: 'https://jobs.spam.example/x', content: 'Go' }),
      hit({ url: 'https://www.allowed.example/y', content: 'Go' }),
    ];
    const result = filterHits(hits, {
      excluded: criteria.excluded,
      includeDomains: [],
      excludeDomains: [],
      ...filter,
    });
    expect(result.map((h) => h.url)).toEqual(kept);
  });
});
