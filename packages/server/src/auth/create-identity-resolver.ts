import { ParleyError, type Parley, type User } from '@parley/core';
import { readToken } from './read-token.js';
import type { IdentitySource, ResolveUser } from './resolve-user.js';

/**
 * The acting user, and for Parley's own JWT the token's id and expiry: a socket is closed when its
 * token runs out or is revoked. A host identity (`resolveUser`) has no token Parley knows.
 */
export interface Identity {
  user: User;
  token?: { id: string; expiresAt: Date };
}

/** Turns a request or handshake into the acting identity, or throws `UNAUTHENTICATED`. */
export type IdentityResolver = (source: IdentitySource) => Promise<Identity>;

const KNOWN_LIMIT = 10_000;

/**
 * Parley's JWT (cookie, `auth.token` or Bearer) by default; with a `resolveUser` hook, the host's
 * identity, provisioned once as a password-less Parley user so its sessions have an owner.
 */
export function createIdentityResolver(parley: Parley, hook?: ResolveUser): IdentityResolver {
  if (!hook) {
    return async (source) => {
      const headers = source.kind === 'http' ? source.req.headers : source.handshake.headers;
      const auth = source.kind === 'socket' ? (source.handshake.auth as Record<string, unknown>) : undefined;
      const verified = await parley.auth.verify(readToken(headers, auth));
      return { user: verified.user, token: { id: verified.tokenId, expiresAt: verified.expiresAt } };
    };
  }
  const known = new Map<string, User>();
  return async (source) => {
    const external = await hook(source);
    if (!external) throw new ParleyError('UNAUTHENTICATED', 'Authentication required.');
    const cached = known.get(external.id);
    if (cached) return { user: cached };
    const user = await parley.auth.adopt(external);
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(user.id, user);
    return { user };
  };
}
