import type { Parley } from '@parley/core';
import type { Express } from 'express';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';

/**
 * Liveness, readiness and metrics at the server root (R10.2, R10.4), outside the API envelope since
 * probes read the status code: readiness is 503 only when a required dependency is down; a degraded
 * optional one (cache, LLM) still serves traffic.
 */
export function mountOperations(app: Express, parley: Parley, metrics: ParleyMetrics): void {
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'up' });
  });
  app.get('/health/ready', async (_req, res, next) => {
    try {
      const report = await parley.health.check();
      res.status(report.status === 'down' ? 503 : 200).json(report);
    } catch (error) {
      next(error);
    }
  });
  app.get('/metrics', async (_req, res, next) => {
    try {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  });
}
