import { ParleyError } from '@parley/core';
import { HTTP_STATUS } from './http-status.js';
import type { Logger } from '../logger.js';
import { toErrorBody, type ErrorBody } from './error-body.js';

/** A failure ready to send: status from the one table (http-status.ts), the envelope, and any extra headers. */
export interface HttpError {
  status: number;
  body: { ok: false; error: ErrorBody };
  headers: Record<string, string>;
}

/**
 * Maps anything a route threw to its HTTP answer. Body-parser failures become `PAYLOAD_TOO_LARGE`
 * (413) or `VALIDATION_FAILED` (422: malformed JSON is bad input, like a wrong type); so does any
 * other client error (an HTTP error with a 4xx status and no known type), never a 500.
 */
export function toHttpError(error: unknown, logger: Logger): HttpError {
  const body = toErrorBody(fromBodyParser(error), logger);
  const headers: Record<string, string> = {};
  const retryAfterMs = body.details?.retryAfterMs;
  if (body.code === 'RATE_LIMITED' && typeof retryAfterMs === 'number') {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
  return { status: HTTP_STATUS[body.code], body: { ok: false, error: body }, headers };
}

function fromBodyParser(error: unknown): unknown {
  if (error instanceof ParleyError || typeof error !== 'object' || error === null) return error;
  const { type, limit } = error as { type?: unknown; limit?: unknown };
  if (type === 'entity.too.large') {
    return new ParleyError('PAYLOAD_TOO_LARGE', `The request body is larger than ${String(limit)} bytes.`, {
      limit,
    });
  }
  if (type === 'entity.parse.failed') {
    return new ParleyError('VALIDATION_FAILED', 'body: not valid JSON', { field: 'body' });
  }
  if (typeof type === 'string' && /^(encoding|charset|request)\./.test(type)) {
    return new ParleyError('VALIDATION_FAILED', 'body: unreadable request body', { field: 'body' });
  }
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const clientStatus = typeof status === 'number' ? status : statusCode;
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
    return clientStatus === 413
      ? new ParleyError('PAYLOAD_TOO_LARGE', 'The request body is too large.', {})
      : new ParleyError('VALIDATION_FAILED', 'body: unreadable request body', { field: 'body' });
  }
  return error;
}
