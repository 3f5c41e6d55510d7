import { toParleyError, type ErrorCode } from '@parley/core';
import type { Logger } from '../logger.js';

/** The error half of Parley's envelope, for REST bodies, SSE error events and socket acks. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Any thrown value as a client-safe error body. `INTERNAL` failures are logged with the correlation
 * id (already bound into `logger`) and reach the client only as the generic message.
 */
export function toErrorBody(error: unknown, logger: Logger): ErrorBody {
  const failure = toParleyError(error);
  if (failure.code === 'INTERNAL') {
    logger.error({ err: failure.cause ?? failure }, 'unexpected failure');
    return { code: failure.code, message: failure.message };
  }
  const details = Object.keys(failure.details).length > 0 ? failure.details : undefined;
  return { code: failure.code, message: failure.message, ...(details ? { details } : {}) };
}
