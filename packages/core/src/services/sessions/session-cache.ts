import type { Session } from '../../domain/session.js';
import type { Cache } from '../../ports/cache.js';

const TTL_MS = 5 * 60_000;
const key = (id: string) => `session:${id}`;

type CachedSession = Omit<Session, 'createdAt' | 'lastActivityAt' | 'closedAt'> & {
  createdAt: string;
  lastActivityAt: string;
  closedAt: string | null;
};

/**
 * Session rows in the cache (R2.4). The cache holds JSON, so dates are revived here. It is given
 * the resilient wrapper, so an outage reads as a miss and the store answers.
 */
export class SessionCache {
  constructor(private readonly cache: Cache) {}

  async get(id: string): Promise<Session | undefined> {
    const cached = await this.cache.get<CachedSession>(key(id));
    if (!cached) return undefined;
    return {
      ...cached,
      createdAt: new Date(cached.createdAt),
      lastActivityAt: new Date(cached.lastActivityAt),
      closedAt: cached.closedAt ? new Date(cached.closedAt) : null,
    };
  }

  put(session: Session): Promise<void> {
    return this.cache.set(key(session.id), session, TTL_MS);
  }

  drop(...ids: string[]): Promise<void> {
    return ids.length > 0 ? this.cache.delete(...ids.map(key)) : Promise.resolve();
  }
}
