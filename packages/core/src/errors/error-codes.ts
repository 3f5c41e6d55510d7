/**
 * The closed set of error codes clients may branch on. Adding one means adding its HTTP status in
 * `http-status.ts` and its row in docs/errors.md (a test keeps the three in step).
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

export type ErrorCode = (typeof ERROR_CODES)[number];
