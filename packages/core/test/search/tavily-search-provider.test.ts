import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTavilySearchProvider } from '../../src/adapters/search/tavily-search-provider.js';
import { SearchProviderError } from '../../src/errors/search-provider-error.js';

const ORIGIN = 'https://tavily.test';
const KEY = 'tvly-SECRET-test-key';
const provider = (timeoutMs = 5_000) =>
  createTavilySearchProvider({ apiKey: KEY, baseUrl: ORIGIN, depth: 'basic', timeoutMs });
const request = { query: 'senior go engineer salary berlin', maxResults: 5 };

const tavilyBody = (results: unknown[]) => ({
  query: request.query,
  answer: null,
  images: [],
  results,
  response_time: 0.2,
  request_id: 'r1',
});

async function failureOf(promise: Promise<unknown>): Promise<SearchProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SearchProviderError);
  return error as SearchProviderError;
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('Tavily adapter over @tavily/core against nock', () => {
  it('sends the query with its options and the key, and maps the results', async () => {
    let sent: Record<string, unknown> = {};
    let auth: unknown;
    const scope = nock(ORIGIN)
      .post('/search', (body) => {
        sent = body;
        return true;
      })
      .reply(function () {
        auth = this.req.headers['authorization'];
        return [
          200,
          tavilyBody([
            {
              title: 'Go salaries',
              url: 'https://pay.example/go',
              content: 'Senior Go engineers in Berlin earn…',
              score: 0.91,
              raw_content: null,
              published_date: '2026-10-01',
            },
            { title: 'No date', url: 'https://b.example/', content: 'x', score: 0.5 },
          ]),
        ];
      });
    const hits = await provider().search({
      ...request,
      includeDomains: ['pay.example'],
      excludeDomains: ['spam.example'],
      timeRange: 'year',
    });
    expect(scope.isDone()).toBe(true);
    expect(auth).toBe(`Bearer ${KEY}`);
    expect(sent).toMatchObject({
      query: request.query,
      max_results: 5,
      search_depth: 'basic',
      topic: 'general',
      time_range: 'year',
      include_domains: ['pay.example'],
      exclude_domains: ['spam.example'],
    });
    expect(hits).toEqual([
      {
        title: 'Go salaries',
        url: 'https://pay.example/go',
        content: 'Senior Go engineers in Berlin earn…',
        score: 0.91,
        publishedAt: '2026-10-01',
      },
      { title: 'No date', url: 'https://b.example/', content: 'x', score: 0.5 },
    ]);
  });

  it('classifies a slow answer as a timeout', async () => {
    nock(ORIGIN).post('/search').delay(2_000).reply(200, tavilyBody([]));
    const failure = await failureOf(provider(100).search(request));
    expect(failure.kind).toBe('timeout');
  });

  it.each([
    ['a 500 without detail (status kept)', 500, { error: 'boom' }, {}, 'server', 500],
    [
      'a 500 with detail.error (status lost)',
      500,
      { detail: { error: 'Internal Server Error' } },
      {},
      'server',
      500,
    ],
    [
      'a 429 without Retry-After',
      429,
      {
        detail: {
          error: 'Your request has been blocked due to excessive requests. Please reduce rate of requests.',
        },
      },
      {},
      'rate_limited',
      429,
    ],
    [
      'a 429 with Retry-After (the client cannot see it)',
      429,
      { detail: { error: 'Your request has been blocked due to excessive requests.' } },
      { 'retry-after': '7' },
      'rate_limited',
      429,
    ],
    ['a 429 with a bare body', 429, 'Too Many Requests', { 'retry-after': '7' }, 'rate_limited', 429],
    [
      'a plan quota error (432)',
      432,
      {
        detail: {
          error:
            "This request exceeds your plan's set usage limit. Please upgrade your plan or contact support@tavily.com",
        },
      },
      {},
      'quota',
      432,
    ],
    [
      'a pay-as-you-go quota error (433)',
      433,
      {
        detail: {
          error:
            'This request exceeds the pay-as-you-go limit. You can increase your limit on the Tavily dashboard',
        },
      },
      {},
      'quota',
      433,
    ],
    ['a wrong key', 401, { detail: { error: 'Unauthorized: missing or invalid API key.' } }, {}, 'auth', 401],
    ['an unknown message', 418, { detail: { error: 'I am a teapot' } }, {}, 'server', undefined],
  ] as const)('classifies %s', async (_name, status, body, headers, kind, reported) => {
    nock(ORIGIN)
      .post('/search')
      .reply(status, body as nock.Body, headers);
    const failure = await failureOf(provider().search(request));
    expect(failure.kind).toBe(kind);
    expect(failure.status).toBe(reported);
    expect(failure.message).not.toContain(KEY);
  });

  it('classifies a malformed body and a body without results as bad responses', async () => {
    nock(ORIGIN)
      .post('/search')
      .reply(200, '{"results": [ not json', { 'content-type': 'application/json' })
      .post('/search')
      .reply(200, { unexpected: true });
    expect((await failureOf(provider().search(request))).kind).toBe('bad_response');
    expect((await failureOf(provider().search(request))).kind).toBe('bad_response');
  });

  it('classifies a refused connection as a network failure', async () => {
    nock.enableNetConnect('127.0.0.1');
    const closedPort = createTavilySearchProvider({
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:9',
      depth: 'basic',
      timeoutMs: 5_000,
    });
    expect((await failureOf(closedPort.search(request))).kind).toBe('network');
  });

  it('stops waiting when cancelled, although the client cannot cancel its request', async () => {
    nock(ORIGIN).post('/search').delay(1_000).reply(200, tavilyBody([]));
    const controller = new AbortController();
    const pending = provider(5_000).search({ ...request, signal: controller.signal });
    controller.abort();
    expect((await failureOf(pending)).kind).toBe('aborted');
  });
});
