import { ParleyError } from './parley-error.js';

/** Any thrown value as a ParleyError: unknown failures become `INTERNAL` with a generic message. */
export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  return new ParleyError('INTERNAL', 'Something went wrong on our side.', {}, { cause: error });
}
