import type { IncomingHttpHeaders } from 'node:http';
import type { TrustProxy } from '@parley/core/config';
import type { Request } from 'express';
import proxyAddr from 'proxy-addr';

/** Decides, hop by hop, whether a proxy's `X-Forwarded-For` entry is believed. */
export type TrustFunction = (address: string, hop: number) => boolean;

/** `TRUST_PROXY` as the function Express's `trust proxy` and the socket handshake both use. */
export function compileTrust(trust: TrustProxy): TrustFunction {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/** The client address limits are keyed by: Express's `req.ip`, which honours `trust proxy`. */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The client address of a socket handshake, believing `X-Forwarded-For` only from trusted proxies. */
export function handshakeIp(
  handshake: { address: string; headers: IncomingHttpHeaders },
  trust: TrustFunction,
): string {
  const peer = { headers: handshake.headers, connection: { remoteAddress: handshake.address } };
  return proxyAddr(peer as unknown as Parameters<typeof proxyAddr>[0], trust);
}

/** The scheme a handshake was made with: TLS here, or a trusted proxy's `X-Forwarded-Proto`. */
export function handshakeProtocol(
  handshake: { address: string; secure: boolean; headers: IncomingHttpHeaders },
  trust: TrustFunction,
): 'http' | 'https' {
  const forwarded = handshake.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (first && trust(handshake.address, 0)) return first === 'https' ? 'https' : 'http';
  return handshake.secure ? 'https' : 'http';
}
