import type { TavilyClient } from '@tavily/core';
import type { ParleyConfig } from '../../config/parley-config.js';
import { SearchProviderError } from '../../errors/search-provider-error.js';
import type { SearchHit, SearchProvider } from '../../ports/search-provider.js';
import { untilAborted } from '../../shared/until-aborted.js';
import { classifyTavilyError } from './classify-tavily-error.js';

/** What the Tavily adapter reads from `config.search`; the key is required (no key, no adapter). */
export type TavilySearchProviderOptions = Pick<ParleyConfig['search'], 'baseUrl' | 'depth' | 'timeoutMs'> & {
  apiKey: string;
};

/**
 * Web search through `@tavily/core` (R8.1). The client cannot be cancelled, so a cancelled call
 * stops waiting at once and its request runs out in the background (bounded by `timeoutMs`). The
 * client library is loaded on the first search, so processes that never search do not pay for it.
 *
 * @example
 * const provider = createTavilySearchProvider({ apiKey, baseUrl: null, depth: 'basic', timeoutMs: 10_000 });
 */
export function createTavilySearchProvider(options: TavilySearchProviderOptions): SearchProvider {
  let client: Promise<TavilyClient> | undefined;
  // The key is always passed: without one the client would read process.env or go "keyless".
  const connect = () =>
    (client ??= import('@tavily/core').then(({ tavily }) =>
      tavily({ apiKey: options.apiKey, ...(options.baseUrl ? { apiBaseURL: options.baseUrl } : {}) }),
    ));

  return {
    name: 'tavily',
    async search(request) {
      const call = connect()
        .then((tavily) =>
          tavily.search(request.query, {
            searchDepth: options.depth,
            maxResults: request.maxResults,
            topic: request.topic ?? 'general',
            ...(request.timeRange ? { timeRange: request.timeRange } : {}),
            ...(request.includeDomains?.length ? { includeDomains: request.includeDomains } : {}),
            ...(request.excludeDomains?.length ? { excludeDomains: request.excludeDomains } : {}),
            timeout: options.timeoutMs / 1000,
          }),
        )
        .then((response) => response.results.map(toHit))
        .catch((error: unknown) => {
          throw classifyTavilyError(error);
        });
      return untilAborted(call, request.signal, () => new SearchProviderError('aborted', 'cancelled'));
    },
  };
}

function toHit(result: {
  title: string;
  url: string;
  content: string;
  score: number;
  publishedDate?: string;
}): SearchHit {
  if (typeof result.url !== 'string' || result.url === '')
    throw new SearchProviderError('bad_response', 'result without a url');
  return {
    title: typeof result.title === 'string' ? result.title : '',
    url: result.url,
    content: typeof result.content === 'string' ? result.content : '',
    score: typeof result.score === 'number' && Number.isFinite(result.score) ? result.score : 0,
    ...(typeof result.publishedDate === 'string' && result.publishedDate !== ''
      ? { publishedAt: result.publishedDate }
      : {}),
  };
}
