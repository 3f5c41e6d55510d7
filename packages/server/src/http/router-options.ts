import type { ResolveUser } from '../auth/resolve-user.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';

/** Options of `createParleyRouter`; every one has a default that leaves the host app alone. */
export interface ParleyRouterOptions {
  /** The host's identity instead of Parley's users (R1.5); disables Parley's `/auth/*` routes. */
  resolveUser?: ResolveUser;
  /** Origins allowed to make cookie-authenticated changes besides the request's own host (CSRF, R1.6). */
  allowedOrigins?: string[];
  /** JSON body limit of Parley's routes only, as `express.json` reads it (default `64kb`). */
  bodyLimit?: string | number;
  /** Shared limiters; default: in-process limits with the default settings. */
  rateLimits?: RateLimits;
  /** Where to count requests and chat turns; default: none (the host's registries stay untouched). */
  metrics?: ParleyMetrics;
  /** Mark the `jwt` cookie `Secure` (default: when Parley's `NODE_ENV` is production). */
  secureCookie?: boolean;
}
