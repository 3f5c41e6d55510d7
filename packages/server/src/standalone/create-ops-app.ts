import type { Parley } from '@parley/core';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { toHttpError } from '../errors/to-http-error.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';
import { mountOperations, type OperationsOptions } from './mount-operations.js';

/**
 * The app served on `OPS_PORT` (R10.4): only liveness, detailed readiness and metrics, so the
 * public port need not expose them. Bind that port to a private network.
 */
export function createOpsApp(
  parley: Parley,
  metrics: ParleyMetrics,
  options: Omit<OperationsOptions, 'detailed'>,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  mountOperations(app, parley, metrics, { ...options, detailed: true });
  app.use((req, res) => {
    res
      .status(404)
      .json({ ok: false, error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}.` } });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers } = toHttpError(error, parley.logger);
    res.status(status).set(headers).json(body);
  });
  return app;
}
