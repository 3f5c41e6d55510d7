import type { Cache } from '../../ports/cache.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';

/** How long "not revoked" is remembered in the cache; bounds the cost of a lost cache write. */
const NOT_REVOKED_TTL_MS = 30_000;
const key = (jti: string) => `revoked-token:${jti}`;

/** Told the id of every token this process revokes, so surfaces can drop what it opened. */
export type RevocationListener = (jti: string) => void;

/**
 * Logged-out token ids (R1.6): the database is the record, the cache the fast path shared by every
 * process. A revoked entry lives until the token would have expired; a cache miss asks the store.
 */
export class TokenDenylist {
  private readonly listeners = new Set<RevocationListener>();

  constructor(private readonly deps: { store: Store; cache: Cache; clock: Clock }) {}

  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.deps.store.revokedTokens.revoke(jti, expiresAt);
    const ttlMs = expiresAt.getTime() - this.deps.clock.now().getTime();
    if (ttlMs > 0) await this.deps.cache.set(key(jti), true, ttlMs);
    for (const listener of this.listeners) listener(jti);
  }

  async isRevoked(jti: string, expiresAt: Date): Promise<boolean> {
    const cached = await this.deps.cache.get<boolean>(key(jti));
    if (cached !== undefined) return cached;
    const now = this.deps.clock.now();
    const revoked = await this.deps.store.revokedTokens.isRevoked(jti, now);
    const ttlMs = revoked ? expiresAt.getTime() - now.getTime() : NOT_REVOKED_TTL_MS;
    if (ttlMs > 0) await this.deps.cache.set(key(jti), revoked, ttlMs);
    return revoked;
  }

  /** Calls `listener` with each token id revoked here; the returned function unsubscribes. */
  onRevoked(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
