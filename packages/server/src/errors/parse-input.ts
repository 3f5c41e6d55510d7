import { ParleyError } from '@parley/core';
import type { z } from 'zod';

/**
 * Parses wire input (body, query, socket payload) with a zod schema; failure is `VALIDATION_FAILED`
 * naming the first bad field, the same shape the core reports for its own validation.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  throw new ParleyError('VALIDATION_FAILED', `${field}: ${issue?.message ?? 'invalid value'}`, { field });
}
