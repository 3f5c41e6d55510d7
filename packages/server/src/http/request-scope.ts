import type { Request, Response } from 'express';
import type { Logger } from '../logger.js';
import { correlationId } from '../correlation-id.js';

/** Per-request state Parley's router keeps in `res.locals`. */
export interface RequestScope {
  requestId: string;
  logger: Logger;
  /** Route label for metrics (`/api/v1/sessions/:id`), set once a route matched. */
  route?: string;
}

/** Opens the scope: reuses pino-http's id when the app logs requests, else the header or a new id. */
export function openScope(req: Request, res: Response, logger: Logger): RequestScope {
  const existing = (req as { id?: unknown }).id;
  const requestId = typeof existing === 'string' ? existing : correlationId(req.headers['x-request-id']);
  res.setHeader('X-Request-Id', requestId);
  const scope: RequestScope = { requestId, logger: logger.child({ reqId: requestId }) };
  res.locals.parley = scope;
  return scope;
}

/** The scope `openScope` stored for this response. */
export function scopeOf(res: Response): RequestScope {
  return res.locals.parley as RequestScope;
}
