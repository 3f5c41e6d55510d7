import { isIP } from 'node:net';
import { z } from 'zod';

/** Which proxies' `X-Forwarded-For` is believed: none, the nearest N hops, or these addresses/ranges. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `trustProxy`: `false`, a hop count (`1` behind one load balancer), or proxy addresses and CIDR
 * ranges (`10.0.0.0/8`, `192.168.1.7`, or `loopback`/`linklocal`/`uniquelocal`). `true` is refused:
 * it would believe a client-supplied X-Forwarded-For.
 */
export const trustProxySchema = z.union(
  [
    z.literal(false),
    z.number().int().min(0).max(10),
    z.array(z.string().trim().refine(isTrustedEntry, 'expected an IP address or CIDR range')).min(1),
  ],
  { error: 'expected false, a hop count 0-10, or a list of IP addresses/CIDR ranges' },
);

/** `TRUST_PROXY` in the environment: `false`, a hop count, or a comma list of addresses and ranges. */
export const trustProxyText = z.string().transform((value): TrustProxy => {
  if (value === 'false') return false;
  if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
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
