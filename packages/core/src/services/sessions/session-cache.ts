import { LRUCache } from 'lru-cache';
import type { Session } from '../../domain/session.js';
import type { Cache } from '../../ports/cache.js';
import { KeyedChain } from '../../shared/keyed-chain.js';

const TTL_MS = 5 * 60_000;
/** Sessions whose cached row this process remembers as it last read or wrote it. */
const KNOWN_ROWS = 10_000;
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
  /**
   * The entry as this process last read or wrote it, per session: an update swaps against it
   * without reading the cache first (one call instead of two), and reads only when another
   * process changed or dropped the entry since.
   */
  private readonly known = new LRUCache<string, CachedSession | Session>({ max: KNOWN_ROWS });

  constructor(private readonly cache: Cache) {}

  async get(id: string): Promise<Session | undefined> {
    await this.writes.idle(id);
    return this.read(id);
  }

  put(session: Session): Promise<void> {
    return this.writes.run([session.id], async () => {
      this.known.delete(session.id);
      await this.cache.set(key(session.id), session, TTL_MS);
      this.known.set(session.id, session);
    });
  }

  /**
   * Changes the cached row of `id` with `change`; without a cached row nothing happens (an entry
   * dropped as stale stays dropped). The write only replaces the row it started from (as this
   * process last saw it, else as read now): if another process dropped or rewrote it meanwhile,
   * the entry is read again and, if that fails too, dropped, never put back stale. `change` may
   * meet a row it already changed (a swap that went through but whose reply was lost reads as
   * failed): it must give the same row again.
   */
  update(id: string, change: (cached: Session) => Session): Promise<void> {
    return this.writes.run([id], async () => {
      const known = this.known.get(id);
      this.known.delete(id);
      if (known && (await this.swap(id, known, change))) return;
      const raw = await this.cache.get<CachedSession>(key(id));
      if (raw && (await this.swap(id, raw, change))) return;
      if (raw) await this.cache.delete(key(id));
    });
  }

  /** Forgets the rows of `ids` in one call, after the writes of theirs under way. */
  drop(...ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.writes.run(ids, async () => {
      for (const id of ids) this.known.delete(id);
      await this.cache.delete(...ids.map(key));
    });
  }

  /** Resolves once the writes under way are done: shutdown waits for it before closing the cache. */
  async settled(): Promise<void> {
    await this.writes.idle();
  }

  private async read(id: string): Promise<Session | undefined> {
    const raw = await this.cache.get<CachedSession>(key(id));
    const session = revive(raw);
    if (session) this.known.set(id, raw!);
    else this.known.delete(id);
    return session;
  }

  /** Writes `change` of the row `from` if the entry still holds it; true when it did. */
  private async swap(
    id: string,
    from: CachedSession | Session,
    change: (cached: Session) => Session,
  ): Promise<boolean> {
    const cached = revive(from);
    if (!cached) return false;
    const next = change(cached);
    if (!(await this.cache.swap(key(id), from, next, TTL_MS))) return false;
    this.known.set(id, next);
    return true;
  }
}

/** The cached JSON (or a row this process wrote) as a session, dates revived. */
function revive(cached: CachedSession | Session | undefined): Session | undefined {
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
