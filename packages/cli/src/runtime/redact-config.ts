import type { ParleyConfig } from '@parley/core';

const REDACTED = '[redacted]';

/** A URL with its password (if any) replaced, so `parley config` can be pasted into a ticket. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = REDACTED;
    return parsed.toString().replace(encodeURIComponent(REDACTED), REDACTED);
  } catch {
    return url;
  }
}

/** The effective configuration with every secret replaced: keys, JWT secret, URL passwords. */
export function redactConfig(config: ParleyConfig): unknown {
  return {
    ...config,
    database: { ...config.database, url: redactUrl(config.database.url) },
    redis: config.redis ? { url: redactUrl(config.redis.url) } : null,
    auth: { ...config.auth, jwtSecret: REDACTED },
    llm: { ...config.llm, apiKey: config.llm.apiKey === null ? null : REDACTED },
  };
}
