import type { SearchFailureKind } from '../ports/search-provider.js';

/**
 * A classified provider failure. It never reaches clients: the search service turns it into a
 * degraded or stale answer, so its message may name the provider's own words (never the key).
 */
export class SearchProviderError extends Error {
  override readonly name = 'SearchProviderError';

  constructor(
    readonly kind: SearchFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
