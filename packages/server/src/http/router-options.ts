import type { ResolveUser } from '../auth/resolve-user.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';

/** Options of `createParleyRouter`; every one has a default that leaves the host app alone. */
export interface ParleyRouterOptions {
  /** The host's identity instead of Parley's users (R1.5); disables Parley's `/auth/*` routes. */
  resolveUser?: ResolveUser;
  /** Origins allowed to make cookie-authenticated changes besides the request's own host (CSRF, R1.6); default `CORS_ORIGINS`. */
  allowedOrigins?: string[];
  /**
   * Body limit of Parley's routes only, in bytes (default 64 KiB). Also enforced from `Content-Length`
   * when the host's own body parser already read the body under its own limit.
   */
  bodyLimit?: number;
  /**
   * Shared limiters, owned by the caller. Default: the configured limits (`RATE_LIMIT_*`), Redis-backed when the core's
   * config has Redis (then call the router's `close()` on shutdown to end that client).
   */
  rateLimits?: RateLimits;
  /** Where to count requests and chat turns; default: none (the host's registries stay untouched). */
  metrics?: ParleyMetrics;
  /** Mark the `jwt` cookie `Secure` (default: when Parley's `NODE_ENV` is production). */
  secureCookie?: boolean;
}
