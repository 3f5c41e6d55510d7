import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/adapters/llm/classify-llm-error.js';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../../src/adapters/llm/retry-policy.js';

describe('retry policy', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');

  it('reads Retry-After as seconds, as an HTTP date, or as retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 31 Dec 2029 23:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now)).toBe(150);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it('backs off exponentially with jitter inside [step/2, step], capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([100, 200, 400]);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
  });
});
