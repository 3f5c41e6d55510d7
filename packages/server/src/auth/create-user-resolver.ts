import { ParleyError, type Parley, type User } from '@parley/core';
import { readToken } from './read-token.js';
import type { IdentitySource, ResolveUser } from './resolve-user.js';

/** Turns a request or handshake into the acting Parley user, or throws `UNAUTHENTICATED`. */
export type UserResolver = (source: IdentitySource) => Promise<User>;

const KNOWN_LIMIT = 10_000;

/**
 * Parley's JWT (cookie, `auth.token` or Bearer) by default; with a `resolveUser` hook, the host's
 * identity, provisioned once as a password-less Parley user so its sessions have an owner.
 */
export function createUserResolver(parley: Parley, hook?: ResolveUser): UserResolver {
  if (!hook) {
    return (source) => {
      const headers = source.kind === 'http' ? source.req.headers : source.handshake.headers;
      const auth = source.kind === 'socket' ? (source.handshake.auth as Record<string, unknown>) : undefined;
      return parley.auth.authenticate(readToken(headers, auth));
    };
  }
  const known = new Map<string, User>();
  return async (source) => {
    const external = await hook(source);
    if (!external) throw new ParleyError('UNAUTHENTICATED', 'Authentication required.');
    const cached = known.get(external.id);
    if (cached) return cached;
    const user = await parley.auth.adopt(external);
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(user.id, user);
    return user;
  };
}
