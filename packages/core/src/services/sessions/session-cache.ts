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
 * the resilient wrapper, so an outage reads as a miss and the store answers. This process's writes
 * of one session's entry happen in the order they were asked for, and a read waits for the writes
 * asked before it: a caller may leave a write (`update`) running and still read its own writes.
 */
export class SessionCache {
  /** The newest write under way per session; the next write of that session and its reads wait for it. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly cache: Cache) {}

  async get(id: string): Promise<Session | undefined> {
    await this.writing.get(id);
    return this.read(id);
  }

  put(session: Session): Promise<void> {
    return this.write(session.id, () => this.cache.set(key(session.id), session, TTL_MS));
  }

  /**
   * Changes the cached row of `id` with `change`, reading it first; without a cached row nothing
   * happens (an entry dropped as stale stays dropped).
   */
  update(id: string, change: (cached: Session) => Session): Promise<void> {
    return this.write(id, async () => {
      const cached = await this.read(id);
      if (cached) await this.cache.set(key(id), change(cached), TTL_MS);
    });
  }

  /** Forgets the rows of `ids` in one call, after the writes of theirs under way. */
  drop(...ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const forget = () => this.cache.delete(...ids.map(key));
    const before = ids.flatMap((id) => this.writing.get(id) ?? []);
    const dropped = before.length === 0 ? forget() : Promise.all(before).then(forget, forget);
    for (const id of ids) this.track(id, dropped);
    return dropped;
  }

  /** Resolves once the writes under way are done: shutdown waits for it before closing the cache. */
  async settled(): Promise<void> {
    await Promise.all(this.writing.values());
  }

  private async read(id: string): Promise<Session | undefined> {
    const cached = await this.cache.get<CachedSession>(key(id));
    if (!cached) return undefined;
    return {
      ...cached,
      createdAt: new Date(cached.createdAt),
      lastActivityAt: new Date(cached.lastActivityAt),
      closedAt: cached.closedAt ? new Date(cached.closedAt) : null,
    };
  }

  private write(id: string, run: () => Promise<void>): Promise<void> {
    const before = this.writing.get(id);
    const written = before ? before.then(run, run) : run();
    this.track(id, written);
    return written;
  }

  /** Makes `written` the newest write of `id` until it settles. */
  private track(id: string, written: Promise<void>): void {
    this.writing.set(id, written);
    const settle = () => {
      if (this.writing.get(id) === written) this.writing.delete(id);
    };
    written.then(settle, settle);
  }
}
