import type { ParleyConfig } from '@parley/core';

const REDACTED = '[redacted]';
/** Config keys whose whole value is a secret. */
const SECRET_KEYS = new Set(['jwtSecret', 'apiKey', 'token']);
/** Query parameters that carry credentials (`?password=…`, `sslpassword`, `pass`, `token`, `apikey`…). */
const SECRET_PARAM = /pass|secret|token|key/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A URL with its userinfo password and credential query parameters replaced. */
function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const secretParams = [...parsed.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
  if (parsed.password === '' && secretParams.length === 0) return url;
  if (parsed.password !== '') parsed.password = REDACTED;
  for (const name of secretParams) parsed.searchParams.set(name, REDACTED);
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

function redact(value: unknown, key: string): unknown {
  if (SECRET_KEYS.has(key)) return value === null ? null : REDACTED;
  if (typeof value === 'string') return URL_LIKE.test(value) ? redactUrl(value) : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([inner, nested]) => [inner, redact(nested, inner)]));
  }
  return value;
}

/**
 * The effective configuration with every secret replaced, so `parley config` can be pasted into a
 * ticket: keys, the JWT secret, and in every URL-valued setting its password and credential parameters.
 */
export function redactConfig(config: ParleyConfig): unknown {
  return redact(config, '');
}
