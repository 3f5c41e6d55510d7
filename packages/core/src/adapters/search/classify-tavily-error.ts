import { SearchProviderError } from '../../errors/search-provider-error.js';
import type { SearchFailureKind } from '../../ports/search-provider.js';

/**
 * Tavily's own error texts (help.tavily.com, "Understanding HTTP errors"). `@tavily/core` throws a
 * plain Error carrying only `detail.error` when the body has one, so these phrases stand in for the
 * lost status.
 */
const KNOWN_MESSAGES: ReadonlyArray<[RegExp, SearchFailureKind, number]> = [
  [/excessive requests|rate limit/i, 'rate_limited', 429],
  [/exceeds your plan's set usage limit|usage limit/i, 'quota', 432],
  [/pay-as-you-go limit/i, 'quota', 433],
  [/unauthorized|invalid api key|missing or invalid/i, 'auth', 401],
  [/internal server error/i, 'server', 500],
];

function fromStatus(status: number): SearchFailureKind {
  if (status === 429) return 'rate_limited';
  if (status === 432 || status === 433) return 'quota';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status >= 500) return 'server';
  return 'client';
}

/**
 * What `@tavily/core` threw, as a classified failure. It reports failures as messages only:
 * `Request timed out after N seconds.` (axios timeout), `<status> Error: <body>` when the body has
 * no `detail.error`, the bare `detail.error` text otherwise, and `An unexpected error occurred …`
 * wrapping network errors (`AxiosError: …`) and unparsable bodies (a `TypeError` from reading them).
 * It exposes no headers, so `Retry-After` is never known.
 */
export function classifyTavilyError(error: unknown): SearchProviderError {
  if (error instanceof SearchProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const short = message.split('\n')[0]!.slice(0, 200);
  if (/^Request timed out after/.test(message)) return new SearchProviderError('timeout', short);
  const status = /^(\d{3}) Error:/.exec(message);
  if (status) {
    const code = Number(status[1]);
    return new SearchProviderError(fromStatus(code), `HTTP ${code}`, code);
  }
  if (/^An unexpected error occurred/.test(message)) {
    const kind: SearchFailureKind = /AxiosError|ECONN|ENOTFOUND|EAI_AGAIN|socket hang up/.test(message)
      ? 'network'
      : 'bad_response';
    return new SearchProviderError(kind, kind === 'network' ? 'network error' : 'unreadable response');
  }
  for (const [pattern, kind, code] of KNOWN_MESSAGES) {
    if (pattern.test(message)) return new SearchProviderError(kind, short, code);
  }
  return new SearchProviderError('server', short);
}
