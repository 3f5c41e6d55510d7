import { ParleyError, type Parley, type User } from '@parley/core';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { bearerToken } from '../auth/read-token.js';
import { createOriginPolicy } from '../auth/origin-policy.js';
import { createIdentityResolver } from '../auth/create-identity-resolver.js';
import { toHttpError } from '../errors/to-http-error.js';
import { clientIp } from './client-ip.js';
import { createRateLimits } from '../rate-limit/rate-limits.js';
import { HANDLED, type Route, type RouteSettings } from './define-route.js';
import { PARLEY_ROUTES } from './parley-routes.js';
import { openScope, scopeOf } from './request-scope.js';
import type { ParleyRouterOptions } from './router-options.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEFAULT_BODY_LIMIT = 64 * 1024;
const tooLarge = (limit: number) =>
  new ParleyError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`, { limit });

/** An Express router with `close()`, which ends the rate limiters it created (their Redis client, if any). */
export type ParleyRouter = Router & { close(): Promise<void> };

/**
 * Parley's REST API as an Express router (R12.2). Body parsing, limits, CSRF checks, the 404 and
 * the error envelope all stay inside it, so the host app's own routes and handlers are untouched.
 *
 * @example
 * app.use('/api/parley', createParleyRouter(parley, { allowedOrigins: ['https://app.example.com'] }));
 */
export function createParleyRouter(parley: Parley, options: ParleyRouterOptions = {}): ParleyRouter {
  const originAllowed = createOriginPolicy(options.allowedOrigins ?? parley.config.cors.origins);
  const limits =
    options.rateLimits ??
    createRateLimits({
      ...parley.config.rateLimits,
      redis: parley.config.redis?.url,
      ...(parley.config.redis ? { keyPrefix: `${parley.config.redis.keyPrefix}rl` } : {}),
      logger: parley.logger,
    });
  const router = Object.assign(Router(), {
    async close() {
      if (!options.rateLimits) await limits.close();
    },
  });
  const resolveIdentity = createIdentityResolver(parley, options.resolveUser);
  const settings: RouteSettings = {
    secureCookie: options.secureCookie ?? parley.config.env === 'production',
    metrics: options.metrics,
  };

  router.use((req, res, next) => {
    const scope = openScope(req, res, parley.logger);
    const metrics = options.metrics;
    if (metrics) {
      const started = process.hrtime.bigint();
      res.once('close', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.observeHttp(req.method, scope.route ?? '(unmatched)', res.statusCode, seconds);
      });
    }
    limits.consume('httpPerIp', clientIp(req)).then(() => next(), next);
  });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  router.use((req, _res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    next(declared > bodyLimit ? tooLarge(bodyLimit) : undefined);
  });
  router.use(express.json({ limit: bodyLimit }));
  router.use((req, _res, next) => {
    const crossSite = req.headers.origin === undefined && req.headers['sec-fetch-site'] === 'cross-site';
    const unsafe = !SAFE_METHODS.has(req.method) && !bearerToken(req.headers);
    if (
      unsafe &&
      (crossSite ||
        !originAllowed(req.headers.origin, req.headers.host, req.protocol === 'https' ? 'https' : 'http'))
    ) {
      next(new ParleyError('FORBIDDEN_ORIGIN', 'This origin may not make changes with the login cookie.'));
      return;
    }
    next();
  });

  for (const route of PARLEY_ROUTES) {
    if (route.ownAuth && options.resolveUser) continue;
    router[route.method](route.path, (req, res, next) => {
      scopeOf(res).route = req.baseUrl + route.path;
      run(route, req, res).catch(next);
    });
  }

  router.use((req, _res, next) => {
    next(new ParleyError('NOT_FOUND', `No route for ${req.method} ${req.baseUrl}${req.path}.`));
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers } = toHttpError(error, scopeOf(res).logger);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).set(headers).json(body);
  });
  return router;

  async function run(route: Route, req: Request, res: Response): Promise<void> {
    let user: User | undefined;
    if (route.auth) {
      user = (await resolveIdentity({ kind: 'http', req })).user;
      await limits.consume('httpPerUser', user.id);
    } else if (route.ownAuth) {
      await limits.consume('authPerIp', clientIp(req));
    }
    const result = await route.run(
      { parley, params: req.params as Record<string, string>, req, res, settings },
      user,
    );
    if (result === HANDLED) return;
    res.status(result.status ?? 200).json({ ok: true, data: result.data });
  }
}
