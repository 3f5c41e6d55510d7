import { ParleyError } from '@parley/core';
import type { NextFunction, Request, Response } from 'express';
import type { Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import { toErrorBody } from '../errors/error-body.js';
import { toHttpError } from '../errors/to-http-error.js';

const shuttingDown = () =>
  new ParleyError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.');

/**
 * The server's side of a graceful shutdown (issue 13): once `close`d, new HTTP requests (liveness
 * excepted) and socket handshakes are answered `503 SHUTTING_DOWN` while the listener stays open,
 * and `idle` tells when the responses already open (SSE answers, JSON turns) have all ended.
 */
export class DrainGate {
  private draining = false;
  private readonly open = new Set<Response>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly logger: Logger) {}

  /** Express middleware, first in the chain: counts open responses and refuses new ones when draining. */
  readonly http = (req: Request, res: Response, next: NextFunction): void => {
    if (this.draining && req.path !== '/health/live') {
      const { status, body } = toHttpError(shuttingDown(), this.logger);
      res.status(status).set('Connection', 'close').json(body);
      return;
    }
    this.open.add(res);
    res.once('close', () => {
      this.open.delete(res);
      if (this.open.size === 0) for (const wake of this.waiters) wake();
    });
    next();
  };

  /** Socket.IO middleware, before Parley's own: refuses handshakes when draining. */
  readonly socket = (_socket: Socket, next: (error?: Error) => void): void => {
    if (!this.draining) return next();
    const body = toErrorBody(shuttingDown(), this.logger);
    next(Object.assign(new Error(body.message), { data: body }));
  };

  /** From now on refuse what is new. */
  close(): void {
    this.draining = true;
  }

  /** Resolves once no response is open. */
  idle(): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }
}
