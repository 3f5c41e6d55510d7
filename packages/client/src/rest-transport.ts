import {
  ROUTES,
  routePath,
  type Envelope,
  type RouteBody,
  type RouteName,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from '@parley/protocol';
import { ParleyClientError, serverUnavailable } from './parley-client-error.js';

/** What a REST call takes besides the route: its path parameters, query and body, as the protocol types them. */
export interface RouteInput<N extends RouteName> {
  params?: RouteParams<N>;
  query?: Partial<NonNullable<RouteQuery<N>>>;
  body?: RouteBody<N>;
}

/** Calls the routes of `ROUTES` over `fetch`, unwrapping the envelope. */
export interface RestTransport {
  call<N extends RouteName>(name: N, input?: RouteInput<N>): Promise<RouteResponse<N>>;
  /** A route that answers a document rather than the envelope (the export), as text. */
  text<N extends RouteName>(name: N, input?: RouteInput<N>): Promise<string>;
}

/** Statuses a proxy answers for a server it cannot reach. */
const UNREACHABLE = new Set([502, 503, 504]);

export function createRestTransport(options: {
  baseUrl: string;
  apiPath: string;
  fetch: typeof fetch;
  token: () => string | undefined;
}): RestTransport {
  const send = async <N extends RouteName>(name: N, input: RouteInput<N> = {}): Promise<Response> => {
    const route = ROUTES[name];
    const url = new URL(
      `${options.apiPath}${routePath(route.path, input.params as Record<string, string>)}`,
      `${options.baseUrl}/`,
    );
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const token = options.token();
    const hasBody = input.body !== undefined || (route.method !== 'get' && route.method !== 'delete');
    try {
      return await options.fetch(url, {
        method: route.method.toUpperCase(),
        credentials: 'include',
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(hasBody ? { body: JSON.stringify(input.body ?? {}) } : {}),
      });
    } catch (error) {
      throw serverUnavailable(options.baseUrl, error);
    }
  };
  const failure = async (response: Response, where: string): Promise<never> => {
    const envelope = (await response.json().catch(() => undefined)) as Envelope<unknown> | undefined;
    if (envelope && envelope.ok === false) {
      const { code, message, details } = envelope.error;
      throw new ParleyClientError(code, message, details ?? {});
    }
    if (UNREACHABLE.has(response.status)) throw serverUnavailable(options.baseUrl, `HTTP ${response.status}`);
    throw new ParleyClientError(
      'INTERNAL',
      `Unexpected answer from the server (${where}: ${response.status}).`,
    );
  };
  return {
    async call(name, input) {
      const response = await send(name, input);
      if (!response.ok) return failure(response, name);
      const envelope = (await response.json().catch(() => undefined)) as Envelope<never> | undefined;
      if (!envelope?.ok) return failure(response, name);
      return envelope.data;
    },
    async text(name, input) {
      const response = await send(name, input);
      if (!response.ok) return failure(response, name);
      return response.text();
    },
  };
}
