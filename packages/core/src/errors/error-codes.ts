/**
 * The closed set of error codes clients may branch on, declared once in the wire protocol. Adding
 * one means adding its HTTP status in `http-status.ts` and its row in docs/errors.md (a test keeps
 * the three in step).
 */
export { ERROR_CODES, type ErrorCode } from '@parley/protocol';
