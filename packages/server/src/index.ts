export { createParleyRouter, type ParleyRouter } from './http/create-parley-router.js';
export type { ParleyRouterOptions } from './http/router-options.js';
export { attachParley, type AttachedParley, type NamespaceSource } from './socket/attach-parley.js';
export type { AttachParleyOptions } from './socket/attach-options.js';
export { createRedisSocketAdapter, type RedisSocketAdapter } from './socket/redis-socket-adapter.js';
export { createParleyServer, type ParleyServer } from './standalone/create-parley-server.js';
export type { ParleyServerOptions } from './standalone/server-options.js';

export type { ExternalUser, IdentitySource, ResolveUser } from './auth/resolve-user.js';
export { AUTH_COOKIE } from './auth/read-token.js';
export {
  createRateLimits,
  type LimitName,
  type RateLimitOptions,
  type RateLimits,
} from './rate-limit/rate-limits.js';
export { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimitSettings } from '@parley/core/config';
export {
  createParleyMetrics,
  type ParleyMetrics,
  type ParleyMetricsOptions,
} from './metrics/parley-metrics.js';
export { toHttpError, type HttpError } from './errors/to-http-error.js';
export type { ErrorBody } from './errors/error-body.js';
export type { AckFailure } from './errors/to-ack-error.js';
export {
  sessionRoom,
  type Ack,
  type AckResponse,
  type AcceptedMessage,
  type CancelledTurn,
  type CancelTurnPayload,
  type ChatEventPayload,
  type ClientToServerEvents,
  type JoinedSession,
  type JoinSessionPayload,
  type SearchAnswer,
  type SearchPayload,
  type SendMessagePayload,
  type ServerToClientEvents,
  type SessionEventPayload,
  type SessionRef,
  type TypingNotice,
  type TypingPayload,
  type Wire,
} from './socket/socket-protocol.js';
