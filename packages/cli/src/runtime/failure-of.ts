import { ParleyError } from '@parley/core';
import { ParleyClientError, type ClientErrorCode } from '@parley/client';

/**
 * A thrown value as `{ code, message }`: the code of a ParleyError (local core) or of a
 * ParleyClientError (a server, or `SERVER_UNAVAILABLE` when none answered); anything else is `INTERNAL`.
 */
export function failureOf(error: unknown): { code: ClientErrorCode; message: string } {
  if (ParleyError.is(error) || ParleyClientError.is(error))
    return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** One line for a notice: `CODE: message` for Parley's errors, the error itself otherwise. */
export function describeFailure(error: unknown): string {
  return ParleyError.is(error) || ParleyClientError.is(error)
    ? `${error.code}: ${error.message}`
    : String(error);
}
