import { expect } from 'vitest';
import type { ErrorCode } from '../../src/errors/error-codes.js';
import { ParleyError } from '../../src/errors/parley-error.js';

/** Awaits `promise` and asserts it rejected with exactly `code`; returns the error for further checks. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<ParleyError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected rejection with ${code}`).toBeInstanceOf(ParleyError);
  expect((error as ParleyError).code).toBe(code);
  return error as ParleyError;
}
