import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/adapters/cache/memory-cache.js';
import type { Session } from '../../src/domain/session.js';
import type { Cache } from '../../src/ports/cache.js';
import { SessionCache } from '../../src/services/sessions/session-cache.js';

const session: Session = {
  id: 's1',
  userId: 'u1',
  title: null,
  status: 'active',
  lastSeq: 4,
  keptResults: 0,
  summaryToSeq: 0,
  createdAt: new Date(0),
  lastActivityAt: new Date(1_000),
  closedAt: null,
};

/** The in-memory cache whose writes wait until `release()`: a slow Redis, as the session cache sees it. */
function slowWrites() {
  const cache = createMemoryCache();
  const held: Array<() => void> = [];
  const calls: string[] = [];
  const gated: Cache = {
    ...cache,
    get: (key) => {
      calls.push(`get ${key}`);
      return cache.get(key);
    },
    set: (key, value, ttlMs) =>
      new Promise((resolve, reject) => {
        calls.push(`set ${key}`);
        held.push(() => cache.set(key, value, ttlMs).then(resolve, reject));
      }),
    swap: (key, expected, value, ttlMs) =>
      new Promise((resolve, reject) => {
        calls.push(`swap ${key}`);
        held.push(() => cache.swap(key, expected, value, ttlMs).then(resolve, reject));
      }),
    delete: (...keys) => {
      calls.push(`delete ${keys.join(' ')}`);
      return cache.delete(...keys);
    },
  };
  const release = async () => {
    while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    held.shift()!();
  };
  return { cache: gated, calls, release };
}

describe('SessionCache: one process reads its own writes (R2.4, R13)', () => {
  it('makes a read wait for the writes asked before it, and see them', async () => {
    const { cache, release } = slowWrites();
    const sessions = new SessionCache(cache);
    const put = sessions.put(session);
    const update = sessions.update('s1', (cached) => ({ ...cached, lastSeq: 5 }));
    const read = sessions.get('s1');
    await release();
    await put;
    await release();
    await update;
    await expect(read).resolves.toMatchObject({ id: 's1', lastSeq: 5, lastActivityAt: new Date(1_000) });
  });

  it('runs the writes of one session in the order asked: a drop after an update leaves nothing', async () => {
    const { cache, calls, release } = slowWrites();
    const sessions = new SessionCache(cache);
    await Promise.all([sessions.put(session), release()]);
    const update = sessions.update('s1', (cached) => ({ ...cached, lastSeq: 9 }));
    const dropped = sessions.drop('s1');
    await release();
    await Promise.all([update, dropped]);
    expect(calls).toEqual(['set session:s1', 'swap session:s1', 'delete session:s1']);
    await expect(sessions.get('s1')).resolves.toBeUndefined();
  });

  it('makes a write asked after a drop wait for it: a put after a drop stays', async () => {
    const { cache, calls, release } = slowWrites();
    const sessions = new SessionCache(cache);
    const first = sessions.put(session);
    const dropped = sessions.drop('s1');
    const again = sessions.put({ ...session, lastSeq: 6 });
    await release();
    await release();
    await Promise.all([first, dropped, again]);
    expect(calls).toEqual(['set session:s1', 'delete session:s1', 'set session:s1']);
    await expect(sessions.get('s1')).resolves.toMatchObject({ lastSeq: 6 });
  });

  it('updates nothing when no row is cached: a dropped entry stays dropped', async () => {
    const { cache, calls } = slowWrites();
    const sessions = new SessionCache(cache);
    await sessions.update('s1', (cached) => ({ ...cached, lastSeq: 9 }));
    expect(calls).toEqual(['get session:s1']);
    await expect(sessions.get('s1')).resolves.toBeUndefined();
  });

  it('does not hold back the writes of other sessions', async () => {
    const { cache, release } = slowWrites();
    const sessions = new SessionCache(cache);
    const first = sessions.put(session);
    const other = sessions.put({ ...session, id: 's2' });
    await release();
    await release();
    await Promise.all([first, other]);
    await expect(sessions.get('s2')).resolves.toMatchObject({ id: 's2' });
  });

  it('settles once every write under way is done (shutdown closes the cache after it)', async () => {
    const { cache, release } = slowWrites();
    const sessions = new SessionCache(cache);
    let settled = false;
    void sessions.put(session);
    const waiting = sessions.settled().then(() => (settled = true));
    expect(settled).toBe(false);
    await release();
    await waiting;
    await expect(sessions.get('s1')).resolves.toMatchObject({ lastSeq: 4 });
  });
});

describe('SessionCache: entries written before a field existed (R2.4, issue 14)', () => {
  it.each(['keptResults', 'summaryToSeq'] as const)(
    'reads an entry without %s as a miss, not as a session that has none',
    async (field) => {
      const cache = createMemoryCache();
      const sessions = new SessionCache(cache);
      const older: Partial<Session> = { ...session };
      delete older[field];
      await cache.set('session:s1', older, 60_000);
      expect(await sessions.get('s1')).toBeUndefined();
      await sessions.put(session);
      expect(await sessions.get('s1')).toMatchObject({ id: 's1', keptResults: 0, summaryToSeq: 0 });
    },
  );
});

describe('SessionCache: another process writing between the read and the write (R2.4, issue 14)', () => {
  it.each([
    ['dropped the row', (cache: Cache) => cache.delete('session:s1')],
    ['rewrote the row', (cache: Cache) => cache.set('session:s1', { ...session, title: 'Renamed' }, 60_000)],
  ])(
    'drops the entry instead of putting its stale row back when another process %s',
    async (_how, meanwhile) => {
      const cache = createMemoryCache();
      const racing: Cache = {
        ...cache,
        get: async (key) => {
          const value = await cache.get(key);
          await meanwhile(cache);
          return value as never;
        },
      };
      await cache.set('session:s1', session, 60_000);
      await new SessionCache(racing).update('s1', (cached) => ({ ...cached, lastSeq: 5 }));
      expect(await cache.get('session:s1')).toBeUndefined();
    },
  );

  it('swaps against the row this process last wrote or read, without reading the cache first', async () => {
    const { cache, calls, release } = slowWrites();
    const sessions = new SessionCache(cache);
    await Promise.all([sessions.put(session), release()]);
    await Promise.all([sessions.update('s1', (cached) => ({ ...cached, lastSeq: 5 })), release()]);
    await Promise.all([sessions.update('s1', (cached) => ({ ...cached, lastSeq: 6 })), release()]);
    expect(calls).toEqual(['set session:s1', 'swap session:s1', 'swap session:s1']);
    const reader = new SessionCache(cache);
    await expect(reader.get('s1')).resolves.toMatchObject({ lastSeq: 6 });
    await Promise.all([reader.update('s1', (cached) => ({ ...cached, lastSeq: 7 })), release()]);
    expect(calls.slice(3)).toEqual(['get session:s1', 'swap session:s1']);
    await expect(sessions.get('s1')).resolves.toMatchObject({ lastSeq: 7 });
  });

  it.each([
    ['rewrote it', { ...session, title: 'Renamed' }, { title: 'Renamed', lastSeq: 5 }],
    ['dropped it', undefined, undefined],
  ])(
    "reads the entry again when another process %s since this process's write: it changes that row, or leaves it dropped",
    async (_how, written, expected) => {
      const cache = createMemoryCache();
      const sessions = new SessionCache(cache);
      await sessions.put(session);
      if (written) await cache.set('session:s1', written, 60_000);
      else await cache.delete('session:s1');
      await sessions.update('s1', (cached) => ({ ...cached, lastSeq: 5 }));
      const entry = await new SessionCache(cache).get('s1');
      if (expected) expect(entry).toMatchObject(expected);
      else expect(entry).toBeUndefined();
    },
  );

  it('replaces the row it read when nobody wrote meanwhile', async () => {
    const cache = createMemoryCache();
    const sessions = new SessionCache(cache);
    await sessions.put(session);
    await sessions.update('s1', (cached) => ({ ...cached, lastSeq: 5 }));
    expect(await sessions.get('s1')).toMatchObject({ lastSeq: 5, keptResults: 0, summaryToSeq: 0 });
  });
});
