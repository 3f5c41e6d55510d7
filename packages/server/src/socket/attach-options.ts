import type { TrustProxy } from '@parley/core/config';
import type { Namespace, ServerOptions } from 'socket.io';
import type { ResolveUser } from '../auth/resolve-user.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';

/** Options of `attachParley`. */
export interface AttachParleyOptions {
  /** Namespace name (default `/`) or a namespace object of the host's server. */
  namespace?: string | Namespace;
  /**
   * A Socket.IO adapter for several processes (e.g. `createRedisSocketAdapter(…).adapter`), set on
   * the host's server before Parley's namespace is used; without it the server keeps its own.
   */
  adapter?: ServerOptions['adapter'];
  /** The host's identity instead of Parley's JWT (R1.5). */
  resolveUser?: ResolveUser;
  /** Which proxies are believed about a handshake's client IP; default `TRUST_PROXY` from the config. */
  trustProxy?: TrustProxy;
  /** Origins allowed to open a socket besides the server's own host; default `CORS_ORIGINS`. */
  allowedOrigins?: string[];
  /**
   * Shared limiters, owned by the caller. Default: the configured limits (`RATE_LIMIT_*`), Redis-backed when the core's
   * config has Redis; `close()` ends them.
   */
  rateLimits?: RateLimits;
  metrics?: ParleyMetrics;
  /** Largest accepted event payload as JSON, in bytes (default 64 KiB) → `PAYLOAD_TOO_LARGE`. */
  maxPayloadBytes?: number;
  /** Messages returned by `join_session` (default 50). */
  historyLimit?: number;
}
