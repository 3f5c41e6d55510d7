import { z } from 'zod';
import type { Message } from '../../domain/message.js';
import type { Session, SessionStatus } from '../../domain/session.js';
import { effectiveStatus } from '../../domain/session-status.js';
import type { User } from '../../domain/user.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { AuthService, Registration } from '../auth/auth-service.js';
import type { ConversationService } from '../conversation/conversation-service.js';
import type { ExportFormat } from '../conversation/export-conversation.js';
import type { RequirementsService, RequirementsView } from '../requirements/requirements-service.js';
import type { PurgeOptions, PurgeResult, SessionPurge } from '../sessions/session-purge.js';
import type { SessionService } from '../sessions/session-service.js';
import { validate } from '../validate.js';

const listQuery = z.object({
  status: z.enum(['active', 'expired', 'closed', 'all']).default('all'),
  userId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Filters of `admin.listSessions`. */
export type AdminSessionQuery = z.input<typeof listQuery>;

/** A session as an operator sees it: with its owner and newest messages, oldest first. */
export interface AdminSessionView {
  session: Session;
  user: User;
  messages: Message[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Cross-user operations for operators (`parley sessions …`, `parley users …`, R11.2): the only
 * part of the core that acts on any user's data, so surfaces never reach into the store.
 */
export class AdminService {
  constructor(
    private readonly deps: {
      store: Store;
      sessions: SessionService;
      conversation: ConversationService;
      requirements: RequirementsService;
      auth: AuthService;
      purge: SessionPurge;
      clock: Clock;
      ttlMs: number;
    },
  ) {}

  /** Every user's sessions (or one user's), most recently active first, with effective status. */
  async listSessions(query: AdminSessionQuery = {}): Promise<Session[]> {
    const { status, userId, limit, offset } = validate(listQuery, query);
    const now = this.deps.clock.now();
    const rows = await this.deps.store.sessions.list({
      ...(status === 'all' ? {} : { status: status as SessionStatus }),
      ...(userId ? { userId } : {}),
      idleCutoff: new Date(now.getTime() - this.deps.ttlMs),
      limit,
      offset,
    });
    return rows.map((session) => ({ ...session, status: effectiveStatus(session, now, this.deps.ttlMs) }));
  }

  /** Any user's session by id; `SESSION_NOT_FOUND` when there is none. */
  async session(sessionId: string): Promise<Session> {
    const stored = UUID.test(sessionId) ? await this.deps.store.sessions.findById(sessionId) : undefined;
    if (!stored) throw new ParleyError('SESSION_NOT_FOUND', `No session with id ${sessionId}.`);
    return this.deps.sessions.get(stored.userId, sessionId);
  }

  /** A session with its owner and its `messages` newest messages. */
  async showSession(sessionId: string, messages = 20): Promise<AdminSessionView> {
    const session = await this.session(sessionId);
    const user = await this.deps.auth.getUser(session.userId);
    const page = await this.deps.conversation.history(session.userId, sessionId, {
      limit: messages,
      order: 'desc',
    });
    return { session, user, messages: page.messages.reverse() };
  }

  /** Any user's session requirements: profile, conflicts, questions and version (`parley sessions requirements`). */
  async requirementsOf(sessionId: string): Promise<RequirementsView> {
    const session = await this.session(sessionId);
    return this.deps.requirements.get(session.userId, sessionId);
  }

  async closeSession(sessionId: string): Promise<Session> {
    const session = await this.session(sessionId);
    return this.deps.sessions.close(session.userId, sessionId);
  }

  async exportSession(sessionId: string, format: ExportFormat): Promise<string> {
    const session = await this.session(sessionId);
    return this.deps.conversation.export(session.userId, sessionId, format);
  }

  /** Expires idle sessions and deletes long-ended ones with everything derived from them. */
  purge(options: PurgeOptions = {}): Promise<PurgeResult> {
    return this.deps.purge.run(options);
  }

  /**
   * Purges every `intervalMs`, once per interval across processes (a store lease); returns the
   * function that stops it. The timer never keeps the process alive.
   */
  schedulePurge(intervalMs: number, options: PurgeOptions = {}): () => void {
    return this.deps.purge.schedule(intervalMs, options);
  }

  listUsers(page: { limit: number; offset: number }): Promise<User[]> {
    return this.deps.auth.listUsers(page);
  }

  addUser(registration: Registration): Promise<User> {
    return this.deps.auth.register(registration);
  }

  /** A user by email (case-insensitive); `USER_NOT_FOUND` when there is none. */
  async findUser(email: string): Promise<User> {
    const record = await this.deps.store.users.findByEmail(email);
    if (!record) throw new ParleyError('USER_NOT_FOUND', `No user with email ${email}.`);
    return this.deps.auth.getUser(record.id);
  }
}
