import { z } from 'zod';

/** Largest sequence number or offset a query takes: PostgreSQL `integer` columns end here. */
export const MAX_STORED_INT = 2 ** 31 - 1;

/**
 * Text that goes into the database: PostgreSQL cannot store NUL characters, so input carrying one
 * is bad input (`VALIDATION_FAILED`), never a database error.
 */
export const storedText = z
  .string()
  .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');

/** Removes NUL characters from text Parley did not receive as input (model output), so it can be stored. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}
