import type { Parley, User } from '@parley/core';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';

/** Settings every route may read, fixed when the router is built. */
export interface RouteSettings {
  secureCookie: boolean;
  metrics?: ParleyMetrics;
}

/** What a handler sees: validated body and query, route params, and the user when the route needs one. */
export type RouteContext<B, Q, A extends boolean> = {
  parley: Parley;
  body: B;
  query: Q;
  params: Record<string, string>;
  req: Request;
  res: Response;
  settings: RouteSettings;
} & (A extends true ? { user: User } : object);

/** A handler's answer for the envelope, or `HANDLED` when it wrote the response itself (SSE, export). */
export type RouteResult = { status?: number; data: unknown } | typeof HANDLED;

export const HANDLED = Symbol('handled');

interface RouteSpec<B, Q, A extends boolean> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  auth: A;
  /** Parley's own login routes: absent when the host brings its identity (`resolveUser`). */
  ownAuth?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  handle(ctx: RouteContext<B, Q, A>): Promise<RouteResult>;
}

/** A route with its schemas applied: what the Express binding mounts. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  auth: boolean;
  ownAuth: boolean;
  run(
    base: Omit<RouteContext<unknown, unknown, false>, 'body' | 'query'>,
    user: User | undefined,
  ): Promise<RouteResult>;
}

/** Declares a REST route once: method, path, zod schemas and a handler that calls the core. */
export function defineRoute<B = undefined, Q = undefined, A extends boolean = false>(
  spec: RouteSpec<B, Q, A>,
): Route {
  return {
    method: spec.method,
    path: spec.path,
    auth: spec.auth,
    ownAuth: spec.ownAuth ?? false,
    run(base, user) {
      const body = spec.body ? parseInput(spec.body, base.req.body ?? {}) : undefined;
      const query = spec.query ? parseInput(spec.query, base.req.query) : undefined;
      return spec.handle({ ...base, body, query, user } as RouteContext<B, Q, A>);
    },
  };
}
