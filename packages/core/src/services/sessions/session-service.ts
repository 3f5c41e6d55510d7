import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Message } from '../../domain/message.js';
import type { Session, SessionStatus } from '../../domain/session.js';
import { effectiveStatus } from '../../domain/session-status.js';
import { ParleyError } from '../../errors/parley-error.js';
import { sessionClosed, sessionExpired } from '../../errors/session-errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import { MAX_STORED_INT, storedText, withoutNul } from '../stored-text.js';
import { validate } from '../validate.js';
import type { SessionCache } from './session-cache.js';

const listQuery = z.object({
  status: z.enum(['active', 'expired', 'closed']).default('active'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(MAX_STORED_INT).default(0),
});
const newSession = z.object({ title: storedText.trim().min(1).max(200).optional() });

export type SessionListQuery = z.input<typeof listQuery>;

const notFound = () => new ParleyError('SESSION_NOT_FOUND', 'Session not found.');

/**
 * Session lifecycle for one user at a time (R2): the store is the truth, the cache a shortcut, and
 * another user's session is indistinguishable from a missing one (R1.4).
 */
export class SessionService {
  constructor(private readonly deps: { store: Store; cache: SessionCache; clock: Clock; ttlMs: number }) {}

  async create(userId: string, input: { title?: string } = {}): Promise<Session> {
    const { title } = validate(newSession, input);
    const session = await this.deps.store.sessions.create({
      id: randomUUID(),
      userId,
      title: title ?? null,
      createdAt: this.deps.clock.now(),
    });
    await this.deps.cache.put(session);
    return session;
  }

  /** The session as its owner sees it now, in any status (expired history stays readable). */
  async get(userId: string, sessionId: string): Promise<Session> {
    const session = await this.load(sessionId);
    if (!session || session.userId !== userId) throw notFound();
    return this.withStatus(session);
  }

  async list(userId: string, query: SessionListQuery = {}): Promise<Session[]> {
    const { status, limit, offset } = validate(listQuery, query);
    const rows = await this.deps.store.sessions.list({
      userId,
      status,
      limit,
      offset,
      idleCutoff: this.idleCutoff(),
    });
    return rows.map((row) => this.withStatus(row));
  }

  /**
   * The session if it may take new activity; `SESSION_EXPIRED` or `SESSION_CLOSED` otherwise. The
   * write path reads the database, never the cache: a cache entry left stale by an outage must not
   * let a closed or expired session take a message. The fresh row refreshes the cache, without
   * waiting for it: the resilient cache never rejects, and the caller's next step need not wait.
   */
  async requireActive(userId: string, sessionId: string): Promise<Session> {
    const fresh = z.uuid().safeParse(sessionId).success
      ? await this.deps.store.sessions.findById(sessionId)
      : undefined;
    if (!fresh || fresh.userId !== userId) throw notFound();
    void this.deps.cache.put(fresh);
    const session = this.withStatus(fresh);
    if (session.status === 'expired') throw sessionExpired(sessionId);
    if (session.status === 'closed') throw sessionClosed(sessionId);
    return session;
  }

  /**
   * Like `requireActive`, but served from the cache when it holds the session: only for a caller
   * whose write verifies the status itself in the database, as a user message's append does in the
   * statement that stores it, so a stale entry can cost a refused write but never let one through.
   * A cached row that says closed or expired is read again from the database before the caller is
   * refused: a stale entry must not refuse a session that is still active either.
   */
  async checkActive(userId: string, sessionId: string): Promise<Session> {
    const found = await this.load(sessionId);
    if (!found || found.userId !== userId) throw notFound();
    const session = this.withStatus(found);
    if (session.status !== 'active') return this.requireActive(userId, sessionId);
    return session;
  }

  /** Last activity at or before this instant means expired: the guard of a message append. */
  idleCutoff(): Date {
    return new Date(this.deps.clock.now().getTime() - this.deps.ttlMs);
  }

  /** Records activity without a message (join, leave, restore) and returns the refreshed session. */
  async touch(userId: string, sessionId: string): Promise<Session> {
    await this.requireActive(userId, sessionId);
    const touched = await this.deps.store.sessions.touch(sessionId, this.deps.clock.now());
    if (!touched) throw notFound();
    await this.deps.cache.put(touched);
    return this.withStatus(touched);
  }

  /** Resumes a session within its window (R2.3); after it, `SESSION_EXPIRED` tells the client to start anew. */
  restore(userId: string, sessionId: string): Promise<Session> {
    return this.touch(userId, sessionId);
  }

  /**
   * Moves the cached row's `lastSeq` and activity to a message just stored, so the next turn's check
   * and the brief need no read; the status is left as cached. Without a cached row nothing happens.
   * Callers need not wait: this process's later reads of the session wait for it (SessionCache).
   */
  noteMessage(message: Message): Promise<void> {
    return this.deps.cache.update(message.sessionId, (cached) => ({
      ...cached,
      lastSeq: Math.max(cached.lastSeq, message.seq),
      lastActivityAt: new Date(Math.max(cached.lastActivityAt.getTime(), message.createdAt.getTime())),
    }));
  }

  /**
   * Forgets the cached row: it no longer says what the database does (a write found the session
   * closed or expired; a result was kept; a summary was saved), so the next read takes the row
   * from the store.
   */
  async forget(sessionId: string): Promise<void> {
    await this.deps.cache.drop(sessionId);
  }

  async close(userId: string, sessionId: string): Promise<Session> {
    const session = await this.get(userId, sessionId);
    if (session.status === 'closed') return session;
    const closed = await this.deps.store.sessions.setStatus(sessionId, 'closed', this.deps.clock.now());
    await this.deps.cache.drop(sessionId);
    if (!closed) throw notFound();
    return closed;
  }

  /** Renames from generated text (the titler's model output), so NUL characters are dropped, not refused. */
  async setTitle(sessionId: string, title: string): Promise<void> {
    await this.deps.store.sessions.setTitle(sessionId, withoutNul(title));
    await this.deps.cache.drop(sessionId);
  }

  private async load(sessionId: string): Promise<Session | undefined> {
    if (!z.uuid().safeParse(sessionId).success) return undefined;
    const cached = await this.deps.cache.get(sessionId);
    if (cached) return cached;
    const stored = await this.deps.store.sessions.findById(sessionId);
    if (stored) await this.deps.cache.put(stored);
    return stored;
  }

  private withStatus(session: Session): Session {
    const status: SessionStatus = effectiveStatus(session, this.deps.clock.now(), this.deps.ttlMs);
    return status === session.status ? session : { ...session, status };
  }
}
