import type { Logger } from '../logger.js';
import { toErrorBody, type ErrorBody } from './error-body.js';

/** A failed socket acknowledgement: the same code and message a REST client would get. */
export interface AckFailure {
  ok: false;
  error: ErrorBody;
}

/** Maps anything a socket handler threw to its ack; `INTERNAL` is logged with the event's correlation id. */
export function toAckError(error: unknown, logger: Logger): AckFailure {
  return { ok: false, error: toErrorBody(error, logger) };
}
