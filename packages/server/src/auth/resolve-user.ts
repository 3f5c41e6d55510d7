import type { Request } from 'express';
import type { Socket } from 'socket.io';

/** Where an identity comes from: an HTTP request, or a Socket.IO handshake. */
export type IdentitySource =
  { kind: 'http'; req: Request } | { kind: 'socket'; handshake: Socket['handshake'] };

/** The user an embedding app vouches for; Parley keeps a row for it so sessions can belong to it. */
export interface ExternalUser {
  /** Stable id in the host's identity system; becomes the Parley user id. */
  id: string;
  email: string;
  displayName?: string | null;
}

/**
 * Replaces Parley's own JWT users (R1.5): return the signed-in user for the request or handshake,
 * or null/undefined when there is none (→ `UNAUTHENTICATED`).
 *
 * @example
 * createParleyRouter(parley, { resolveUser: ({ kind, ...src }) => lookUp(kind === 'http' ? src.req.headers : src.handshake.headers) });
 */
export type ResolveUser = (
  source: IdentitySource,
) => ExternalUser | null | undefined | Promise<ExternalUser | null | undefined>;
