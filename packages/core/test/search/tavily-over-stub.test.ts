import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTavilySearchProvider } from '../../src/adapters/search/tavily-search-provider.js';
import { SearchProviderError } from '../../src/errors/search-provider-error.js';

let stub: LlmStub;
beforeAll(async () => {
  stub = await startLlmStub();
});
afterAll(async () => {
  await stub.close();
});

const provider = (timeoutMs = 5_000) =>
  createTavilySearchProvider({
    apiKey: 'tvly-stub',
    baseUrl: new URL(stub.url).origin,
    depth: 'advanced',
    timeoutMs,
  });
const request = { query: 'senior Go engineer Berlin', maxResults: 2 };
const kindOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof SearchProviderError ? error.kind : 'other'),
  );

describe("the stub's Tavily-compatible /search through the Tavily adapter over real HTTP", () => {
  it('answers with results made from the query by default, honouring max_results', async () => {
    const hits = await provider().search(request);
    expect(hits).toEqual([
      {
        title: 'senior Go engineer Berlin — result 1',
        url: 'https://search.stub.test/senior-go-engineer-berlin/1',
        content: 'Stub result 1 for "senior Go engineer Berlin".',
        score: 0.85,
      },
      expect.objectContaining({ url: 'https://search.stub.test/senior-go-engineer-berlin/2' }),
    ]);
    expect(stub.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/search',
      body: { query: request.query, max_results: 2, search_depth: 'advanced' },
    });
  });

  it('plays scripted results, failures and malformed bodies in order', async () => {
    stub.scriptSearch([
      {
        results: [
          {
            title: 'Pay',
            url: 'https://pay.example/go',
            content: 'Go',
            score: 0.9,
            publishedDate: '2026-09-01',
          },
        ],
      },
      { status: 429, detail: 'Your request has been blocked due to excessive requests.', retryAfter: 3 },
      { status: 500 },
      { status: 432, detail: "This request exceeds your plan's set usage limit." },
      { malformed: true },
      { delayMs: 1_000 },
    ]);
    expect(await provider().search(request)).toEqual([
      { title: 'Pay', url: 'https://pay.example/go', content: 'Go', score: 0.9, publishedAt: '2026-09-01' },
    ]);
    expect(await kindOf(provider().search(request))).toBe('rate_limited');
    expect(await kindOf(provider().search(request))).toBe('server');
    expect(await kindOf(provider().search(request))).toBe('quota');
    expect(await kindOf(provider().search(request))).toBe('bad_response');
    expect(await kindOf(provider(100).search(request))).toBe('timeout');
  });
});
