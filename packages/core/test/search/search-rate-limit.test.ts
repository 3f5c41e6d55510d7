import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSearchRateGate } from '../../src/services/search/search-rate-gate.js';
import { createFakeSearchProvider } from '../../src/testing/fake-search-provider.js';
import { expectCode } from '../services/expect-code.js';
import { createSearchKit } from './search-test-kit.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('search rate limit', () => {
  it('queues a burst above the per-minute allowance, sends none over it, and answers SEARCH_BUSY past the queue bound', async () => {
    // rate-limiter-flexible reads Date.now and setTimeout: the faked timers are its injected time source.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const gate = createSearchRateGate({ perMinute: 3, queueLimit: 2 });
    const passed: number[] = [];
    const refused: Array<[number, unknown]> = [];
    for (let i = 0; i < 6; i += 1) {
      gate.take().then(
        () => void passed.push(i),
        (error: { code?: unknown }) => void refused.push([i, error.code]),
      );
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(passed).toEqual([0, 1, 2]);
    expect(refused).toEqual([[5, 'SEARCH_BUSY']]);

    await vi.advanceTimersByTimeAsync(59_000);
    expect(passed).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passed).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets a cancelled caller stop waiting in the queue', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const gate = createSearchRateGate({ perMinute: 1, queueLimit: 5 });
    await gate.take();
    const controller = new AbortController();
    const waiting = gate.take(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(60_000);
  });

  it('answers SEARCH_BUSY from the service when the queue is full, storing nothing and sending nothing', async () => {
    const provider = createFakeSearchProvider();
    const kit = await createSearchKit(provider, { ratePerMinute: 1, queueLimit: 0, maxQueries: 1 });
    try {
      const { search, ada, store } = kit;
      await search.search(ada.user.id, ada.session.id, { query: 'first' });
      await expectCode(search.search(ada.user.id, ada.session.id, { query: 'second' }), 'SEARCH_BUSY');
      expect(provider.calls.map((call) => call.query)).toEqual(['first']);
      expect((await store.searches.list(ada.session.id, 10)).map((run) => run.query)).toEqual(['first']);
      const cached = await search.search(ada.user.id, ada.session.id, { query: 'first' });
      expect(cached.fromCache).toBe(true);
    } finally {
      await kit.cleanup();
    }
  });
});
