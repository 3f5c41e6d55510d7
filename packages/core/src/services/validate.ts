import type { z } from 'zod';
import { ParleyError } from '../errors/parley-error.js';

/**
 * Parses service input with a zod schema; failure becomes `VALIDATION_FAILED` naming the first
 * offending field, so every surface reports bad input the same way.
 */
export function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  throw new ParleyError('VALIDATION_FAILED', `${field}: ${issue?.message ?? 'invalid value'}`, {
    field,
    issues: result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  });
}
