import type { RateLimitSettings, TrustProxy } from '@parley/core/config';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { ResolveUser } from '../auth/resolve-user.js';

/** Options of `createParleyServer`. */
export interface ParleyServerOptions {
  /** Browser origins allowed by CORS, for cookie-authenticated changes and for socket handshakes; default `CORS_ORIGINS`. */
  corsOrigins?: string[];
  /** Which proxies are believed about client IPs (HTTP and sockets); default `TRUST_PROXY` from the config. */
  trustProxy?: TrustProxy;
  /** Overrides of the configured limits (`RATE_LIMIT_*`; tests use low ones). */
  rateLimit?: Partial<RateLimitSettings> & { keyPrefix?: string };
  /**
   * Redis for cluster-wide rate limits: URL or caller-owned client; default `parley.config.redis`;
   * false = in-process limits and no Socket.IO Redis adapter (which otherwise follows `REDIS_URL`).
   */
  redis?: string | Redis | false;
  resolveUser?: ResolveUser;
  /** Prefix of the REST API (default `/api/v1`). */
  apiPrefix?: string;
  /** Body limit of the REST API in bytes (default 64 KiB). */
  bodyLimit?: number;
  /** Extra Socket.IO server options (e.g. an adapter); the payload cap defaults to 64 KiB. */
  socket?: Partial<ServerOptions>;
}
