import type { RequirementsState } from '../domain/requirements/requirements-state.js';
import type { RequirementChange, RequirementsVersion } from '../domain/requirements/requirements-version.js';
import type { MemoryItem, UserContext } from '../domain/memory-item.js';
import type { Message } from '../domain/message.js';
import type { RetrievalRepository } from './retrieval-index.js';
import type { KeptResult, SearchRun } from '../domain/search.js';
import type { Session, SessionStatus } from '../domain/session.js';
import type { Summary } from '../domain/summary.js';
import type { User, UserRecord } from '../domain/user.js';

/**
 * Persistence port: the database is the source of truth for users, sessions and messages (R2.4).
 * Services depend on this interface only; SQL lives in the knex adapter.
 */
export interface Store {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly messages: MessageRepository;
  readonly summaries: SummaryRepository;
  readonly leases: LeaseRepository;
  readonly requirements: RequirementsRepository;
  readonly searches: SearchRepository;
  readonly revokedTokens: RevokedTokenRepository;
  readonly memory: MemoryRepository;
  readonly retrieval: RetrievalRepository;
  /** Brings the schema to the version this package ships; safe to call on every start. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** Releases the connection pool if the adapter created it. */
  close(): Promise<void>;
}

export interface NewUser {
  id: string;
  email: string;
  passwordHash: string | null;
  displayName: string | null;
  createdAt: Date;
}

export interface UserRepository {
  /** Inserts the user; `undefined` when the (case-folded) email is taken. */
  create(user: NewUser): Promise<User | undefined>;
  findByEmail(email: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<User | undefined>;
  /** Oldest first. */
  list(page: { limit: number; offset: number }): Promise<User[]>;
}

export interface NewSession {
  id: string;
  userId: string;
  title: string | null;
  createdAt: Date;
}

/** Which sessions to list: status is evaluated against `idleCutoff` (last activity before it = expired). */
export interface SessionQuery {
  userId?: string;
  status?: SessionStatus;
  idleCutoff: Date;
  limit: number;
  offset?: number;
}

export interface SessionRepository {
  create(session: NewSession): Promise<Session>;
  findById(id: string): Promise<Session | undefined>;
  /** Most recently active first. */
  list(query: SessionQuery): Promise<Session[]>;
  /** Moves `lastActivityAt` forward to `at` (never back); returns the updated row. */
  touch(id: string, at: Date): Promise<Session | undefined>;
  /** Sets a stored status (`closed` also stamps `closedAt`); returns the updated row. */
  setStatus(id: string, status: SessionStatus, at: Date): Promise<Session | undefined>;
  setTitle(id: string, title: string): Promise<void>;
  /** Marks up to `limit` active sessions idle since before `idleCutoff` as expired; returns their ids. */
  expireIdle(idleCutoff: Date, limit: number): Promise<string[]>;
  /** How many active sessions are idle since before `idleCutoff` (a dry run of `expireIdle`). */
  countIdle(idleCutoff: Date): Promise<number>;
  /**
   * Deletes up to `limit` expired or closed sessions last active before `before`, with everything
   * derived from them: messages (and their index entries and vectors), summaries, requirements,
   * search runs and kept results.
   */
  deleteEnded(before: Date, limit: number): Promise<string[]>;
  /** How many sessions `deleteEnded` would remove (dry run). */
  countEnded(before: Date): Promise<number>;
}

/** A message before the store numbers it. */
export type NewMessage = Omit<Message, 'seq'>;

/** Cursor page over one session's messages; `before`/`after` are exclusive sequence numbers. */
export interface MessagePage {
  before?: number;
  after?: number;
  limit: number;
  order: 'asc' | 'desc';
}

/** The messages of one session from `from` to `to`, both included (`MessageRepository.ranges`). */
export interface MessageRange {
  sessionId: string;
  from: number;
  to: number;
}

/** Appends only to a session the database itself still holds active (whatever a cache says). */
export interface AppendCondition {
  /** The idle cutoff: the session's last activity must be after it, and its stored status `active`. */
  activeAfter: Date;
}

export interface MessageRepository {
  /**
   * Stores the message with the next sequence number of its session and moves the session's
   * `lastSeq` and `lastActivityAt`, atomically: concurrent appends never share or skip a number.
   * With `condition`, a closed or idle session is refused (`SESSION_CLOSED`, `SESSION_EXPIRED`)
   * in the same statement, so nothing is stored. Idempotent by `message.id`: appending a message
   * already stored returns the stored one, so a write retried after a lost reply stores it once.
   */
  append(message: NewMessage, condition?: AppendCondition): Promise<Message>;
  /**
   * Appends `messages` (all of one session, in order) in one transaction, numbered as `append`
   * would number them one by one: for imports and seeding large histories, where one transaction
   * per message is the cost. No active-session condition; `SESSION_NOT_FOUND` for an unknown session.
   */
  appendMany(sessionId: string, messages: NewMessage[]): Promise<Message[]>;
  /** One page, using the (session_id, seq) index: cost independent of history length. */
  page(sessionId: string, page: MessagePage): Promise<Message[]>;
  /**
   * The messages of a few ranges, possibly of several sessions, in one read: by session, then by
   * `seq` ascending, each message once. What retrieval shows around its hits.
   */
  ranges(ranges: MessageRange[]): Promise<Message[]>;
  /**
   * What every turn reads first, together: the session's latest summary and up to `limit` messages
   * with `seq` below `before`, newest first (one round trip on PostgreSQL).
   */
  head(sessionId: string, page: { before: number; limit: number }): Promise<HistoryHead>;
}

/** The start of a session's history as a turn reads it (`MessageRepository.head`). */
export interface HistoryHead {
  /** The summary reaching furthest, if any. */
  summary: Summary | undefined;
  /** The newest messages below the bound, newest first. */
  messages: Message[];
}

export interface SummaryRepository {
  /** The newest summary of the session, if any. */
  latest(sessionId: string): Promise<Summary | undefined>;
  save(summary: Summary): Promise<void>;
}

/** Cluster-wide "run once per interval" guard for scheduled jobs such as the purge (R2.5). */
export interface LeaseRepository {
  /**
   * Takes the lease `name` for `holder` if nobody holds it or it ran out; true when taken.
   * Exactly one of several concurrent callers wins.
   */
  acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
}

/** A session's requirements as stored: the current state and its version (1 = the first change). */
export interface StoredRequirements {
  sessionId: string;
  version: number;
  state: RequirementsState;
  updatedAt: Date;
}

/** A change to save as the next version: the state after it, and what changed, by whom and why. */
export interface NewRequirementsVersion {
  sessionId: string;
  /** The version the change was made against; 0 when nothing is stored yet. */
  expectedVersion: number;
  state: RequirementsState;
  by: RequirementsVersion['by'];
  reason: string;
  changes: RequirementChange[];
  at: Date;
}

/** The requirement profile of each session, current state plus history (R7.4). */
export interface RequirementsRepository {
  /** The current state, or undefined before the first change. */
  get(sessionId: string): Promise<StoredRequirements | undefined>;
  /**
   * Stores `state` as version `expectedVersion + 1` and its history row, atomically. Optimistic
   * concurrency: when the stored version is not `expectedVersion`, nothing is written and it throws
   * `VERSION_CONFLICT` with `details.currentVersion`.
   */
  save(version: NewRequirementsVersion): Promise<StoredRequirements>;
  /** The history, oldest first. */
  versions(sessionId: string, page: { limit: number; offset: number }): Promise<RequirementsVersion[]>;
}

/** Search runs and kept results, stored with their session (R8.2, R8.5). */
export interface SearchRepository {
  save(run: SearchRun): Promise<void>;
  /** The session's runs, newest first. */
  list(sessionId: string, limit: number): Promise<SearchRun[]>;
  findById(sessionId: string, searchId: string): Promise<SearchRun | undefined>;
  /** Keeps a result; keeping a URL the session already kept returns the first one unchanged. */
  keep(result: KeptResult): Promise<KeptResult>;
  /** The session's kept results, oldest first. */
  listKept(sessionId: string): Promise<KeptResult[]>;
}

/** Logged-out token ids (R1.6), each kept until the token would have expired. */
export interface RevokedTokenRepository {
  /** Adds `jti` to the denylist until `expiresAt`; revoking again is not an error. */
  revoke(jti: string, expiresAt: Date): Promise<void>;
  /** True when `jti` was revoked and its entry has not run out at `now`. */
  isRevoked(jti: string, now: Date): Promise<boolean>;
  /** Removes up to `limit` entries that ran out at `now`; returns how many went. */
  deleteExpired(now: Date, limit: number): Promise<number>;
}

/** What Parley remembers about each user, and whether it may (R9.1); every call is scoped by user. */
export interface MemoryRepository {
  /** The user's items, oldest first. */
  list(userId: string): Promise<MemoryItem[]>;
  findById(userId: string, id: string): Promise<MemoryItem | undefined>;
  /** Stores the item, or replaces the value and source of the user's item of the same kind and key. */
  upsert(item: MemoryItem): Promise<MemoryItem>;
  /** Replaces the value of the user's item; undefined when the user has no such item. */
  update(userId: string, id: string, value: string, at: Date): Promise<MemoryItem | undefined>;
  /** False when the user has no such item. */
  delete(userId: string, id: string): Promise<boolean>;
  /** Deletes every item of the user; returns how many there were. */
  deleteAll(userId: string): Promise<number>;
  /** Whether memory is learned and applied for the user (on until switched off). */
  personalization(userId: string): Promise<boolean>;
  /** The switch and the items together, in one read: what a turn's prompt needs (a miss of its cache). */
  context(userId: string): Promise<UserContext>;
  setPersonalization(userId: string, on: boolean, at: Date): Promise<void>;
}
