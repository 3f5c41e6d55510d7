import type { ErrorCode } from './error-codes.js';

/**
 * The one error type Parley throws on purpose. `message` is safe to show a client (no secrets, no
 * internals); `details` carries structured hints such as the offending field.
 */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True for a ParleyError, optionally with one of `codes`. */
  static is(error: unknown, ...codes: ErrorCode[]): error is ParleyError {
    return error instanceof ParleyError && (codes.length === 0 || codes.includes(error.code));
  }
}
