import type { Request } from 'express';

/** The client address limits are keyed by: Express's `req.ip`, which honours `trust proxy`. */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
