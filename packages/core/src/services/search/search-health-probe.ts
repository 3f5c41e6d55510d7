import type { HealthProbe } from '../health/health-service.js';
import type { SearchService } from './search-service.js';

/**
 * The readiness probe for search (R10.2): never required, so an open breaker or missing key
 * reports `degraded`, never `down`. It reads the breaker only, so readiness costs no search credits.
 */
export function searchHealthProbe(search: SearchService): HealthProbe {
  return {
    name: 'search',
    required: false,
    check: async () => {
      if (!search.enabled) throw new Error('not configured: set TAVILY_API_KEY');
      if (search.breakerState() === 'open') throw new Error('circuit open after repeated provider failures');
    },
  };
}
