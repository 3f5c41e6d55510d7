import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/adapters/cache/memory-cache.js';
import { createTavilySearchProvider } from '../../src/adapters/search/tavily-search-provider.js';
import type { Cache } from '../../src/ports/cache.js';
import { HealthService } from '../../src/services/health/health-service.js';
import { searchHealthProbe } from '../../src/services/search/search-health-probe.js';
import { createSearchKit, searchConfig } from './search-test-kit.js';

const ORIGIN = 'https://tavily.test';
const KEY = searchConfig().apiKey as string;
const tavily = () =>
  createTavilySearchProvider({ apiKey: KEY, baseUrl: ORIGIN, depth: 'basic', timeoutMs: 5_000 });
const body = (url: string) => ({
  query: 'q',
  answer: null,
  images: [],
  results: [{ title: 'Go pay in Berlin', url, content: 'Senior Go engineers earn…', score: 0.8 }],
  response_time: 0.1,
  request_id: 'r',
});

/** A Cache that records every key and value written, to prove what cache entries hold. */
function recordingCache(): Cache & { writes: Array<{ key: string; value: unknown }> } {
  const inner = createMemoryCache();
  const writes: Array<{ key: string; value: unknown }> = [];
  return {
    ...inner,
    writes,
    set: async (key, value, ttl) => {
      writes.push({ key, value });
      await inner.set(key, value, ttl);
    },
  };
}

let unmatched = 0;
const countUnmatched = () => {
  unmatched += 1;
};
let cleanup: (() => Promise<void>) | undefined;
beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', countUnmatched);
});
afterEach(async () => {
  nock.cleanAll();
  unmatched = 0;
  await cleanup?.();
  cleanup = undefined;
});
afterAll(() => {
  nock.emitter.off('no match', countUnmatched);
  nock.enableNetConnect();
});

describe('search resilience with the real @tavily/core client against nock', () => {
  it('answers a repeated search from the cache: no second request, keys and entries without the API key', async () => {
    const scope = nock(ORIGIN).post('/search').once().reply(200, body('https://pay.example/go'));
    const cache = recordingCache();
    const kit = await createSearchKit(tavily(), { maxQueries: 1 }, { cache });
    cleanup = kit.cleanup;
    const { search, ada, events } = kit;

    const first = await search.search(ada.user.id, ada.session.id, { query: 'Go salary  Berlin' });
    const again = await search.search(ada.user.id, ada.session.id, { query: 'go salary berlin' });

    expect(scope.isDone()).toBe(true);
    expect(unmatched).toBe(0);
    expect(first.fromCache).toBe(false);
    expect(again).toMatchObject({ fromCache: true, degraded: false, stale: false, results: first.results });
    expect(events.filter((event) => event.type === 'cache')).toEqual([
      { type: 'cache', hit: false },
      { type: 'cache', hit: true },
    ]);
    expect(events.filter((event) => event.type === 'request')).toHaveLength(1);
    expect(cache.writes).toHaveLength(1);
    expect(JSON.stringify(cache.writes)).not.toContain(KEY);
  });

  it('retries a 500 within the budget and then answers', async () => {
    nock(ORIGIN)
      .post('/search')
      .reply(500, { error: 'boom' })
      .post('/search')
      .reply(200, body('https://pay.example/go'));
    const kit = await createSearchKit(tavily(), { maxQueries: 1 });
    cleanup = kit.cleanup;
    const run = await kit.search.search(kit.ada.user.id, kit.ada.session.id, { query: 'go' });
    expect(run).toMatchObject({ degraded: false, stale: false });
    expect(run.results).toHaveLength(1);
    expect(kit.sleeps).toEqual([188]);
    expect(kit.events.filter((event) => event.type === 'request').map((event) => event.outcome)).toEqual([
      'server',
      'ok',
    ]);
  });

  it('opens the breaker after repeated failures and serves the last cached results marked stale', async () => {
    nock(ORIGIN).post('/search').reply(200, body('https://pay.example/go'));
    const kit = await createSearchKit(tavily(), {
      maxQueries: 1,
      breakerThreshold: 3,
      breakerCooldownMs: 60_000,
    });
    cleanup = kit.cleanup;
    const { search, ada, clock, events } = kit;
    const health = new HealthService([searchHealthProbe(search)], clock);
    const fresh = await search.search(ada.user.id, ada.session.id, { query: 'go' });

    clock.advance(25 * 3_600_000);
    const failing = nock(ORIGIN)
      .post('/search')
      .times(3)
      .reply(500, { detail: { error: 'Internal Server Error' } });
    const { session } = await freshSession(kit);
    const stale = await search.search(ada.user.id, session, { query: 'go' });
    expect(failing.isDone()).toBe(true);
    expect(stale).toMatchObject({
      stale: true,
      degraded: false,
      fromCache: true,
      reason: 'the search provider failed; showing the last cached results',
    });
    expect(stale.results.map((result) => [result.url, result.reasons.stale])).toEqual([
      [fresh.results[0]?.url, true],
    ]);
    expect(events).toContainEqual({ type: 'breaker', state: 'open' });
    expect(search.breakerState()).toBe('open');
    expect(await health.check()).toMatchObject({
      status: 'degraded',
      checks: { search: { status: 'degraded' } },
    });

    const whileOpen = await search.search(ada.user.id, session, { query: 'go' });
    expect(unmatched).toBe(0);
    expect(whileOpen).toMatchObject({
      stale: true,
      reason: 'search is paused after repeated provider failures; showing the last cached results',
    });

    clock.advance(60_000);
    nock(ORIGIN).post('/search').reply(200, body('https://pay.example/new'));
    const recovered = await search.search(ada.user.id, session, { query: 'go' });
    expect(recovered).toMatchObject({ stale: false, degraded: false, fromCache: false });
    expect(search.breakerState()).toBe('closed');
    expect((await health.check()).status).toBe('up');
  });
});

/** A new active session for Ada after the clock moved past the first one's TTL. */
async function freshSession(kit: Awaited<ReturnType<typeof createSearchKit>>) {
  const session = await kit.sessions.create(kit.ada.user.id);
  return { session: session.id };
}
