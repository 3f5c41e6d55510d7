import type { ClientErrorCode } from '@parley/protocol';

/**
 * Every failure the client reports: the server's `code`, `message` and `details` as it sent them
 * (the same codes as the core's ParleyError), or `SERVER_UNAVAILABLE` when the server could not be reached.
 */
export class ParleyClientError extends Error {
  override readonly name = 'ParleyClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True for a ParleyClientError, optionally with one of `codes`. */
  static is(error: unknown, ...codes: ClientErrorCode[]): error is ParleyClientError {
    return error instanceof ParleyClientError && (codes.length === 0 || codes.includes(error.code));
  }
}

/** The one error for a server that cannot be reached, whichever call found out. */
export function serverUnavailable(baseUrl: string, cause: unknown): ParleyClientError {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const reason = inner instanceof Error ? inner.message : String(inner);
  return new ParleyClientError(
    'SERVER_UNAVAILABLE',
    `The Parley server at ${baseUrl} is unavailable (${reason}).`,
    {},
    { cause },
  );
}
