import * as z from 'zod';
import { ERROR_CODES } from './error-codes.js';

/** The error half of Parley's envelope, in REST bodies, SSE error events and socket acks. */
export const errorBodySchema = z
  .object({
    code: z.enum(ERROR_CODES),
    /** Safe to show. */
    message: z.string(),
    /** Structured hints: `field` for VALIDATION_FAILED, `retryAfterMs` for RATE_LIMITED, … */
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ErrorBody' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Every answer under the API prefix: `{ ok: true, data }` or `{ ok: false, error }`. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
