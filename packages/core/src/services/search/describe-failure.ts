import type { SearchFailureKind } from '../../ports/search-provider.js';

const PHRASES: Record<SearchFailureKind | 'busy', string> = {
  timeout: 'the search provider did not answer in time',
  rate_limited: 'the search provider is limiting our requests',
  quota: 'the search quota is used up',
  server: 'the search provider failed',
  network: 'the search provider could not be reached',
  bad_response: 'the search provider sent an unreadable answer',
  auth: 'the search provider refused the API key',
  client: 'the search provider refused the request',
  aborted: 'the search was cancelled',
  breaker_open: 'search is paused after repeated provider failures',
  busy: 'search is busy',
};

/** Why a search is degraded or stale, in words safe to show a user and the model. */
export function describeSearchFailure(kind: SearchFailureKind | 'busy', stale: boolean): string {
  return `${PHRASES[kind]}; ${stale ? 'showing the last cached results' : 'no fresh results'}`;
}
