import type { Session } from '../../domain/session.js';
import type { Cache } from '../../ports/cache.js';
import { KeyedChain } from '../../shared/keyed-chain.js';

const TTL_MS = 5 * 60_000;
const key = (id: string) => `session:${id}`;

type CachedSession = Omit<Session, 'createdAt' | 'lastActivityAt' | 'closedAt'> & {
  createdAt: string;
  lastActivityAt: string;
  closedAt: string | null;
};

/**
 * Session rows in the cache (R2.4). The cache holds JSON, so dates are revived here. It is given
 * the resilient wrapper, so an outage reads as a miss and the store answers. This process's writes
 * of one session's entry happen in the order they were asked for, and a read waits for the writes
 * asked before it: a caller may leave a write (`update`) running and still read its own writes.
 */
export class SessionCache {
  /** The newest write under way per session; the next write of that session and its reads wait for it. */
  private readonly writes = new KeyedChain();

  constructor(private readonly cache: Cache) {}

  async get(id: string): Promise<Session | undefined> {
    await this.writes.idle(id);
    return this.read(id);
  }

  put(session: Session): Promise<void> {
    return this.writes.run([session.id], () => this.cache.set(key(session.id), session, TTL_MS));
  }

  /**
   * Changes the cached row of `id` with `change`, reading it first; without a cached row nothing
   * happens (an entry dropped as stale stays dropped). The write only replaces the row it read: if
   * another process dropped or rewrote it meanwhile, the entry is dropped, never put back stale.
   */
  update(id: string, change: (cached: Session) => Session): Promise<void> {
    return this.writes.run([id], async () => {
      const raw = await this.cache.get<CachedSession>(key(id));
      const cached = revive(raw);
      if (!cached) return;
      if (!(await this.cache.swap(key(id), raw, change(cached), TTL_MS))) await this.cache.delete(key(id));
    });
  }

  /** Forgets the rows of `ids` in one call, after the writes of theirs under way. */
  drop(...ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.writes.run(ids, () => this.cache.delete(...ids.map(key)));
  }

  /** Resolves once the writes under way are done: shutdown waits for it before closing the cache. */
  async settled(): Promise<void> {
    await this.writes.idle();
  }

  private async read(id: string): Promise<Session | undefined> {
    return revive(await this.cache.get<CachedSession>(key(id)));
  }
}

/** The cached JSON as a session, dates revived. */
function revive(cached: CachedSession | undefined): Session | undefined {
  // An entry written before sessions counted their kept results and marked their summary is a
  // miss: read from the store, not guessed as none (a turn would skip reading them).
  if (!cached || typeof cached.keptResults !== 'number' || typeof cached.summaryToSeq !== 'number')
    return undefined;
  return {
    ...cached,
    createdAt: new Date(cached.createdAt),
    lastActivityAt: new Date(cached.lastActivityAt),
    closedAt: cached.closedAt ? new Date(cached.closedAt) : null,
  };
}
