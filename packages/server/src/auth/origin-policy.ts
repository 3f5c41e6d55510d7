import { ParleyError } from '@parley/core';

/**
 * Decides whether a browser `Origin` may act with the user's cookie (CSRF, R1.6) or open a socket
 * (cross-site WebSocket hijacking): the allow-list, or the same scheme and host the request was
 * sent to. No Origin at all means a non-browser client, which cannot be driven by another site.
 */
export type OriginPolicy = (
  origin: string | undefined,
  host: string | undefined,
  protocol: 'http' | 'https',
) => boolean;

/**
 * Builds the policy from an allow-list of full origins (`https://app.example.com`). `*` is refused
 * with `CONFIG_INVALID`: with cookie authentication it would switch the checks off.
 */
export function createOriginPolicy(allowed: readonly string[] = []): OriginPolicy {
  const list = new Set(allowed.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  if (list.has('*')) {
    throw new ParleyError(
      'CONFIG_INVALID',
      'Invalid configuration. CORS_ORIGINS: "*" is not allowed with cookie authentication; list the origins',
      { keys: ['CORS_ORIGINS'] },
    );
  }
  return (origin, host, protocol) => {
    if (origin === undefined) return true;
    const normalised = origin.toLowerCase();
    if (list.has(normalised)) return true;
    try {
      const url = new URL(normalised);
      return host !== undefined && url.protocol === `${protocol}:` && url.host === host.toLowerCase();
    } catch {
      return false;
    }
  };
}
