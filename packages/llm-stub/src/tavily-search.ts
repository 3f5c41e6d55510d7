import type { ServerResponse } from 'node:http';

/** One result as Tavily's `POST /search` reports it. */
export interface StubSearchResult {
  title: string;
  url: string;
  content: string;
  score: number;
  /** Tavily's `published_date`. */
  publishedDate?: string;
}

/**
 * How the stub answers one `POST /search`. Everything is optional: the default is three results
 * made from the query, so demos run offline.
 */
export interface SearchReplySpec {
  results?: StubSearchResult[];
  /** Pause before answering. */
  delayMs?: number;
  /** Answer with this HTTP status instead. */
  status?: number;
  /** With `status`: Tavily's `{ detail: { error } }` body; without it the body is `{ error }`. */
  detail?: string;
  /** `Retry-After` header sent with `status`. */
  retryAfter?: number | string;
  /** Send a body that is not valid JSON. */
  malformed?: boolean;
}

/** One scripted search reply: a spec, or a function of the request body returning one. */
export type SearchReply = SearchReplySpec | ((body: SearchRequestBody) => SearchReplySpec);

/** The parts of a Tavily search request body the stub reads. */
export interface SearchRequestBody {
  query?: string;
  max_results?: number;
  [key: string]: unknown;
}

/** Three results built from the query: what the stub answers when nothing is scripted. */
export function defaultSearchResults(query: string): StubSearchResult[] {
  const slug =
    query
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'search';
  return [1, 2, 3].map((n) => ({
    title: `${query} — result ${n}`,
    url: `https://search.stub.test/${slug}/${n}`,
    content: `Stub result ${n} for "${query}".`,
    score: Math.round((1 - n * 0.15) * 100) / 100,
  }));
}

/** Writes the Tavily-compatible answer (or the scripted failure) for one search. */
export async function sendSearch(
  res: ServerResponse,
  body: SearchRequestBody,
  spec: SearchReplySpec,
  deps: { wait(ms: number): Promise<void>; id: string },
): Promise<void> {
  if (spec.delayMs) await deps.wait(spec.delayMs);
  if (spec.malformed) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"results": [ not json');
    return;
  }
  if (spec.status !== undefined && spec.status >= 400) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (spec.retryAfter !== undefined) headers['retry-after'] = String(spec.retryAfter);
    res.writeHead(spec.status, headers);
    res.end(JSON.stringify(spec.detail ? { detail: { error: spec.detail } } : { error: 'stub failure' }));
    return;
  }
  const query = typeof body.query === 'string' ? body.query : '';
  const max = typeof body.max_results === 'number' ? body.max_results : 5;
  const results = (spec.results ?? defaultSearchResults(query)).slice(0, max).map((result) => ({
    title: result.title,
    url: result.url,
    content: result.content,
    score: result.score,
    raw_content: null,
    ...(result.publishedDate ? { published_date: result.publishedDate } : {}),
  }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ query, answer: null, images: [], results, response_time: 0.01, request_id: deps.id }),
  );
}
