import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createMemoryCache } from '../../src/adapters/cache/memory-cache.js';
import type { ParleyConfig } from '../../src/config/parley-config.js';
import type { SearchProvider } from '../../src/ports/search-provider.js';
import type { SearchMetricsListener } from '../../src/ports/search-metrics-listener.js';
import { SearchService, type SearchServiceDeps } from '../../src/services/search/search-service.js';
import { SessionCache } from '../../src/services/sessions/session-cache.js';
import { SessionService } from '../../src/services/sessions/session-service.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
import { createTestStore } from '../support/test-store.js';

/** A complete `search` config; override what a test is about. */
export function searchConfig(overrides: Partial<ParleyConfig['search']> = {}): ParleyConfig['search'] {
  return {
    apiKey: 'tvly-SECRET-test-key',
    baseUrl: 'https://tavily.test',
    depth: 'basic',
    maxResults: 5,
    timeoutMs: 5_000,
    cacheTtlMs: 86_400_000,
    ratePerMinute: 90,
    queueLimit: 20,
    maxQueries: 3,
    includeDomains: [],
    excludeDomains: [],
    breakerThreshold: 5,
    breakerCooldownMs: 60_000,
    ...overrides,
  };
}

/**
 * A SearchService on a real SQLite store and real sessions, with a manual clock, recorded retry
 * waits (never slept) and recorded metrics; two users, each with an active session.
 */
export async function createSearchKit(
  provider: SearchProvider | null,
  config: Partial<ParleyConfig['search']> = {},
  extra: Partial<SearchServiceDeps> = {},
) {
  const testStore = await createTestStore('sqlite');
  const store = testStore.store;
  const clock = createManualClock(new Date('2026-11-01T09:00:00.000Z'));
  const cache = createMemoryCache();
  const sessions = new SessionService({ store, cache: new SessionCache(cache), clock, ttlMs: 30 * 60_000 });
  const sleeps: number[] = [];
  const events: Array<{ type: string; [key: string]: unknown }> = [];
  const metrics: SearchMetricsListener = {
    onRequest: (event) => events.push({ type: 'request', ...event }),
    onCacheLookup: (event) => events.push({ type: 'cache', ...event }),
    onAnswer: (event) => events.push({ type: 'answer', ...event }),
    onBreakerState: (event) => events.push({ type: 'breaker', ...event }),
  };
  const search = new SearchService({
    provider,
    store,
    sessions,
    cache,
    clock,
    logger: pino({ level: 'silent' }),
    config: searchConfig(config),
    metrics,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  const newUser = async () => {
    const user = await store.users.create({
      id: randomUUID(),
      email: `${randomUUID()}@example.com`,
      passwordHash: null,
      displayName: null,
      createdAt: clock.now(),
    });
    if (!user) throw new Error('test setup: user not created');
    return { user, session: await sessions.create(user.id) };
  };
  const ada = await newUser();
  const bob = await newUser();
  return {
    search,
    store,
    sessions,
    clock,
    cache,
    sleeps,
    events,
    ada,
    bob,
    cleanup: () => testStore.cleanup(),
  };
}
