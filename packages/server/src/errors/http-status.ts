import type { ErrorCode } from '@parley/core';

/**
 * The single mapping from error code to HTTP status, shared by REST and SSE (socket acks carry the
 * code). It lives here because the core knows no HTTP; the record type makes a new code need a status.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 422,
  PAYLOAD_TOO_LARGE: 413,
  MESSAGE_TOO_LONG: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  EMAIL_TAKEN: 409,
  FORBIDDEN_ORIGIN: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  SESSION_EXPIRED: 410,
  SESSION_CLOSED: 409,
  SESSION_BUSY: 429,
  VERSION_CONFLICT: 409,
  CANCELLED: 499,
  RATE_LIMITED: 429,
  SERVER_BUSY: 503,
  SHUTTING_DOWN: 503,
  TOO_MANY_SOCKETS: 429,
  DB_UNAVAILABLE: 503,
  LLM_UNAVAILABLE: 503,
  LLM_TIMEOUT: 504,
  LLM_BAD_OUTPUT: 502,
  LLM_NOT_CONFIGURED: 503,
  SEARCH_NOT_CONFIGURED: 503,
  SEARCH_BUSY: 429,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};
