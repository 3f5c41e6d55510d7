/**
 * The closed set of error codes a Parley server sends; clients may branch on them. The core throws
 * exactly these (it re-exports the list); adding one means adding its HTTP status in the server and
 * its row in docs/errors.md (a test keeps the three in step).
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'MESSAGE_TOO_LONG',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'EMAIL_TAKEN',
  'FORBIDDEN_ORIGIN',
  'NOT_FOUND',
  'USER_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'SESSION_EXPIRED',
  'SESSION_CLOSED',
  'SESSION_BUSY',
  'VERSION_CONFLICT',
  'CANCELLED',
  'RATE_LIMITED',
  'SERVER_BUSY',
  'SHUTTING_DOWN',
  'TOO_MANY_SOCKETS',
  'DB_UNAVAILABLE',
  'LLM_UNAVAILABLE',
  'LLM_TIMEOUT',
  'LLM_BAD_OUTPUT',
  'LLM_NOT_CONFIGURED',
  'SEARCH_NOT_CONFIGURED',
  'SEARCH_BUSY',
  'CONFIG_INVALID',
  'INTERNAL',
] as const;

/** A code the server sends. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes only a client raises, never a server: it could not reach one (no HTTP status). */
export const CLIENT_ERROR_CODES = ['SERVER_UNAVAILABLE'] as const;

/** Every code a client can see: the server's and its own. */
export type ClientErrorCode = ErrorCode | (typeof CLIENT_ERROR_CODES)[number];
