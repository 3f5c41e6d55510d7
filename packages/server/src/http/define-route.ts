import type { Parley, User } from '@parley/core';
import { ROUTES, type RouteName, type RouteParams, type RouteResponse } from '@parley/protocol';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';

/** Settings every route may read, fixed when the router is built. */
export interface RouteSettings {
  secureCookie: boolean;
  metrics?: ParleyMetrics;
  /** The OpenAPI document of the mounted routes for a mount path, built once per path. */
  openapi(mountPath: string): Record<string, unknown>;
}

type Contract<N extends RouteName> = (typeof ROUTES)[N];
type Parsed<N extends RouteName, K extends 'body' | 'query'> =
  Contract<N> extends Record<K, infer S extends z.ZodType> ? z.output<S> : undefined;

/** What a handler sees: the body and query parsed with the protocol's schemas, the path parameters, the user. */
export type RouteContext<N extends RouteName> = {
  parley: Parley;
  body: Parsed<N, 'body'>;
  query: Parsed<N, 'query'>;
  params: RouteParams<N>;
  req: Request;
  res: Response;
  settings: RouteSettings;
} & (Contract<N>['auth'] extends true ? { user: User } : object);

/** A handler's `data` for the envelope (with the contract's status), or `HANDLED` when it wrote the response itself. */
export type RouteResult<N extends RouteName> = { data: RouteResponse<N> } | typeof HANDLED;

export const HANDLED = Symbol('handled');

/** A route with its contract applied: what the Express binding mounts. */
export interface Route {
  name: RouteName;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  auth: boolean;
  ownAuth: boolean;
  status: number;
  run(
    base: Omit<RouteContext<RouteName>, 'body' | 'query' | 'params'> & { params: Record<string, string> },
    user: User | undefined,
  ): Promise<RouteResult<RouteName>>;
}

/** Binds a route of the protocol (`ROUTES[name]`) to a handler that calls the core. */
export function defineRoute<N extends RouteName>(
  name: N,
  handle: (ctx: RouteContext<N>) => Promise<RouteResult<N>>,
): Route {
  const contract: RouteContractView = ROUTES[name];
  return {
    name,
    method: contract.method,
    path: contract.path,
    auth: contract.auth,
    ownAuth: contract.ownAuth ?? false,
    status: contract.status ?? 200,
    run(base, user) {
      const body = contract.body ? parseInput(contract.body, base.req.body ?? {}) : undefined;
      const query = contract.query ? parseInput(contract.query, base.req.query) : undefined;
      return handle({ ...base, body, query, user } as unknown as RouteContext<N>);
    },
  };
}

type RouteContractView = Pick<Contract<RouteName>, 'method' | 'path' | 'auth'> & {
  ownAuth?: boolean;
  status?: 200 | 201;
  body?: z.ZodType;
  query?: z.ZodType;
};
