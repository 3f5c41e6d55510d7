import { isIP } from 'node:net';
import { z } from 'zod';

/** Which proxies' `X-Forwarded-For` is believed: none, the nearest N hops, or these addresses/ranges. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `TRUST_PROXY`: `false`, a hop count (`1` behind one load balancer), or a comma list of proxy
 * addresses and CIDR ranges (`10.0.0.0/8, 192.168.1.7`, or `loopback`/`linklocal`/`uniquelocal`).
 * `true` is refused: it would believe a client-supplied X-Forwarded-For.
 */
export const trustProxySchema = z.string().transform((value, ctx): TrustProxy => {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => !isTrustedEntry(entry));
  if (entries.length === 0 || bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected false, a hop count 0-10, or a comma list of IP addresses/CIDR ranges${bad ? ` (bad entry "${bad}")` : ''}`,
    });
    return z.NEVER;
  }
  return entries;
});

function isTrustedEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}
