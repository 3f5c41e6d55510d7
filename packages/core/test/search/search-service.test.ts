import { afterEach, describe, expect, it } from 'vitest';
import type { SearchCriteria } from '../../src/domain/search-criteria.js';
import { SearchProviderError } from '../../src/errors/search-provider-error.js';
import { searchHealthProbe } from '../../src/services/search/search-health-probe.js';
import { HealthService } from '../../src/services/health/health-service.js';
import { createFakeSearchProvider } from '../../src/testing/fake-search-provider.js';
import { expectCode } from '../services/expect-code.js';
import { createSearchKit } from './search-test-kit.js';

const goBerlin: SearchCriteria = {
  roleTitle: 'Go engineer',
  seniority: 'senior',
  mustHave: ['Go', 'Kubernetes'],
  niceToHave: ['Terraform'],
  excluded: ['PHP'],
  locations: ['Berlin'],
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function kit(...args: Parameters<typeof createSearchKit>) {
  const created = await createSearchKit(...args);
  cleanup = created.cleanup;
  return created;
}

describe('SearchService', () => {
  it('builds queries from the criteria, merges, filters and ranks the results, and stores the run', async () => {
    const provider = createFakeSearchProvider({
      answers: [
        [
          { title: 'PHP shop', url: 'https://a.example/php', content: 'Senior PHP in Berlin', score: 0.99 },
          {
            title: 'Go pay',
            url: 'https://a.example/go?utm_source=x#top',
            content: 'Senior Go Berlin',
            score: 0.4,
          },
        ],
        [
          {
            title: 'Go pay',
            url: 'http://A.example/go',
            content: 'Senior Go, Kubernetes, Berlin',
            score: 0.6,
          },
        ],
        [],
      ],
    });
    const { search, ada } = await kit(provider);
    const run = await search.search(ada.user.id, ada.session.id, { intent: 'market', criteria: goBerlin });

    expect(run.queries).toEqual([
      'senior Go engineer salary Berlin',
      'Go engineer salary range Berlin 2026',
      'senior Go engineer hiring demand Berlin',
    ]);
    expect(provider.calls.map((call) => call.timeRange)).toEqual(['year', 'year', 'year']);
    expect(run.results).toHaveLength(1);
    expect(run.results[0]).toMatchObject({
      url: 'https://a.example/go',
      content: 'Senior Go, Kubernetes, Berlin',
      reasons: { matched: ['Go', 'Kubernetes', 'senior', 'Berlin'], missing: [], stale: false },
    });
    expect(run).toMatchObject({ intent: 'market', fromCache: false, degraded: false, stale: false });
    expect(await search.list(ada.user.id, ada.session.id)).toEqual([run]);
  });

  it('keeps a result of a stored search once, by any form of its URL', async () => {
    const provider = createFakeSearchProvider({
      answer: [{ title: 'Go jobs', url: 'https://jobs.example/go', content: 'Go', score: 0.5 }],
    });
    const { search, ada, clock } = await kit(provider);
    const run = await search.search(ada.user.id, ada.session.id, { query: 'go jobs' });
    const kept = await search.keep(
      ada.user.id,
      ada.session.id,
      run.id,
      'HTTPS://JOBS.example/go/?utm_medium=mail',
    );
    clock.advance(1_000);
    expect(await search.keep(ada.user.id, ada.session.id, run.id, 'https://jobs.example/go')).toEqual(kept);
    expect(await search.kept(ada.user.id, ada.session.id)).toEqual([
      {
        sessionId: ada.session.id,
        searchId: run.id,
        url: 'https://jobs.example/go',
        title: 'Go jobs',
        content: 'Go',
        keptAt: kept.keptAt,
      },
    ]);
    await expectCode(search.keep(ada.user.id, ada.session.id, run.id, 'https://other.example/'), 'NOT_FOUND');
  });

  it("answers SESSION_NOT_FOUND for another user's session on every call, and stores nothing", async () => {
    const provider = createFakeSearchProvider();
    const { search, ada, bob, store } = await kit(provider);
    const run = await search.search(ada.user.id, ada.session.id, { query: 'go' });
    await expectCode(search.search(bob.user.id, ada.session.id, { query: 'go' }), 'SESSION_NOT_FOUND');
    await expectCode(search.list(bob.user.id, ada.session.id), 'SESSION_NOT_FOUND');
    await expectCode(
      search.keep(bob.user.id, ada.session.id, run.id, 'https://x.example'),
      'SESSION_NOT_FOUND',
    );
    await expectCode(search.kept(bob.user.id, ada.session.id), 'SESSION_NOT_FOUND');
    expect(provider.calls).toHaveLength(1);
    expect(await store.searches.list(ada.session.id, 10)).toHaveLength(1);
  });

  it('answers SEARCH_NOT_CONFIGURED naming the key when there is no provider', async () => {
    const { search, ada } = await kit(null);
    expect(search.enabled).toBe(false);
    const error = await expectCode(
      search.search(ada.user.id, ada.session.id, { query: 'go' }),
      'SEARCH_NOT_CONFIGURED',
    );
    expect(error.message).toContain('TAVILY_API_KEY');
    expect(
      await new HealthService([searchHealthProbe(search)], { now: () => new Date() }).check(),
    ).toMatchObject({
      status: 'degraded',
      checks: { search: { status: 'degraded' } },
    });
  });

  it('rejects a search with nothing to search for and bad input with VALIDATION_FAILED, storing nothing', async () => {
    const provider = createFakeSearchProvider();
    const { search, ada, store } = await kit(provider);
    await expectCode(search.search(ada.user.id, ada.session.id, { intent: 'postings' }), 'VALIDATION_FAILED');
    await expectCode(
      search.search(ada.user.id, ada.session.id, { intent: 'nope' as 'market', query: 'x' }),
      'VALIDATION_FAILED',
    );
    await expectCode(
      search.search(ada.user.id, ada.session.id, { query: 'x', includeDomains: ['not a domain'] }),
      'VALIDATION_FAILED',
    );
    expect(provider.calls).toHaveLength(0);
    expect(await store.searches.list(ada.session.id, 10)).toEqual([]);
  });

  it('answers an empty degraded run with the reason when the provider fails and nothing is cached', async () => {
    const provider = createFakeSearchProvider({
      answer: new SearchProviderError('quota', 'plan limit', 432),
    });
    const { search, ada, events } = await kit(provider);
    const run = await search.search(ada.user.id, ada.session.id, { query: 'go' });
    expect(run).toMatchObject({
      results: [],
      degraded: true,
      stale: false,
      reason: 'the search quota is used up; no fresh results',
    });
    expect(provider.calls).toHaveLength(1);
    expect(events).toContainEqual({
      type: 'answer',
      intent: 'general',
      fromCache: false,
      degraded: true,
      stale: false,
    });
  });

  it('stops waiting when cancelled and stores nothing', async () => {
    const controller = new AbortController();
    const provider = createFakeSearchProvider({
      answer: () => new Promise(() => controller.abort()),
    });
    const { search, ada, store } = await kit(provider);
    await expectCode(
      search.search(ada.user.id, ada.session.id, { query: 'go', signal: controller.signal }),
      'CANCELLED',
    );
    expect(await store.searches.list(ada.session.id, 10)).toEqual([]);
  });
});
