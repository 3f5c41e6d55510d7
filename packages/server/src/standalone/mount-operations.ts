import { timingSafeEqual } from 'node:crypto';
import { ParleyError, type Parley } from '@parley/core';
import type { Express, Request } from 'express';
import { bearerToken } from '../auth/read-token.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';

/** How an app serves the operations routes. */
export interface OperationsOptions {
  limits: RateLimits;
  /** The client address the `opsPerIp` limit is keyed by. */
  clientIp(req: Request): string;
  /** Bearer token required for `/metrics` and readiness details; null = no token asked. */
  token: string | null;
  /** Whether this app serves `/metrics` and readiness details at all (false on the public port when `OPS_PORT` is set). */
  detailed: boolean;
}

/**
 * Liveness, readiness and metrics at the server root (R10.2, R10.4), outside the API envelope since
 * probes read the status code: readiness is 503 only when a required dependency is down; a degraded
 * optional one (cache, LLM) still serves traffic. Every route is rate-limited per IP; the probe
 * results are cached by the health service, so probe traffic never multiplies into upstream calls.
 */
export function mountOperations(
  app: Express,
  parley: Parley,
  metrics: ParleyMetrics,
  options: OperationsOptions,
): void {
  app.use(['/health', '/metrics'], (req, _res, next) => {
    options.limits.consume('opsPerIp', options.clientIp(req)).then(() => next(), next);
  });
  const mayReadDetails = (req: Request): boolean =>
    options.detailed && (options.token === null || sameSecret(bearerToken(req.headers), options.token));

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'up' });
  });
  app.get('/health/ready', async (req, res, next) => {
    try {
      const report = await parley.health.check();
      res
        .status(report.status === 'down' ? 503 : 200)
        .json(mayReadDetails(req) ? report : { status: report.status });
    } catch (error) {
      next(error);
    }
  });
  if (!options.detailed) return;
  app.get('/metrics', async (req, res, next) => {
    try {
      if (!mayReadDetails(req)) throw new ParleyError('UNAUTHENTICATED', 'Authentication required.');
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
