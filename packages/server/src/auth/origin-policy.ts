/**
 * Decides whether a browser `Origin` may act with the user's cookie (CSRF, R1.6) or open a socket
 * (cross-site WebSocket hijacking): the allow-list, or the same host the request was sent to. No
 * Origin at all means a non-browser client, which cannot be driven by another site.
 */
export type OriginPolicy = (origin: string | undefined, host: string | undefined) => boolean;

/** Builds the policy from an allow-list of full origins (`https://app.example.com`); `*` allows any. */
export function createOriginPolicy(allowed: readonly string[] = []): OriginPolicy {
  const list = new Set(allowed.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  return (origin, host) => {
    if (origin === undefined) return true;
    const normalised = origin.toLowerCase();
    if (list.has('*') || list.has(normalised)) return true;
    try {
      return host !== undefined && new URL(normalised).host === host.toLowerCase();
    } catch {
      return false;
    }
  };
}
