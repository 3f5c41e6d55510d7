/** Query parameter names that carry credentials: `token`, `jwt`, `api_key`, `password`, `client_secret`, `signature`… */
const SECRET_PARAM = /token|jwt|key|pass|secret|auth|sig/i;
const REDACTED = '[redacted]';

/**
 * A request URL for the logs with every credential-like query value replaced (R10.3): tokens in
 * query strings (a socket's polling transport, a careless client) must not reach log storage.
 */
export function redactQuery(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const params = new URLSearchParams(url.slice(mark + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (!SECRET_PARAM.test(name)) continue;
    params.set(name, REDACTED);
    changed = true;
  }
  return changed
    ? `${url.slice(0, mark)}?${params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED)}`
    : url;
}

/** The same for a parsed query object (Express's `req.query`), as pino-http logs it too. */
export function redactQueryObject(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [name, SECRET_PARAM.test(name) ? REDACTED : value]),
  );
}
