import type { RequirementsState } from '../../domain/requirements/requirements-state.js';
import type {
  RequirementChange,
  RequirementsVersion,
} from '../../domain/requirements/requirements-version.js';
import { ParleyError } from '../../errors/parley-error.js';
import type {
  NewRequirementsVersion,
  RequirementsRepository,
  StoredRequirements,
} from '../../ports/store.js';
import { sessionNotFound } from '../../errors/session-errors.js';
import { fromEpochMs, toEpochMs } from './epoch-ms.js';
import { onBetterSqlite } from './sqlite-client.js';
import { quotedName, rowsOf, runPrepared, statementText } from './pg-prepared.js';
import { sqliteWrite } from './sqlite-write.js';
import type { StoreContext } from './store-context.js';

interface ProfileRow {
  session_id: string;
  version: number | string;
  state: RequirementsState | string;
  updated_at: number | string;
}

interface VersionRow {
  session_id: string;
  version: number | string;
  by: RequirementsVersion['by'] | string;
  reason: string;
  changes: RequirementChange[] | string;
  state: RequirementsState | string;
  created_at: number | string;
}

/** JSON columns come back parsed from PostgreSQL and as text from SQLite. */
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * Requirement profiles with optimistic concurrency: the profile row moves from version n to n + 1
 * only where it still is at n, in the same write as the history row, so a stale writer changes
 * nothing and learns the current version.
 */
export function createKnexRequirementsRepository(ctx: StoreContext): RequirementsRepository {
  return {
    async get(sessionId) {
      const [row] = await rowsOf<ProfileRow>(
        ctx,
        ctx
          .read('requirement_profiles')
          .select('session_id', 'version', 'state', 'updated_at')
          .where('session_id', sessionId)
          .limit(1),
      );
      return row ? toStored(row) : undefined;
    },
    save: (input) => (onBetterSqlite(ctx.knex) ? sqliteSave(ctx, input) : postgresSave(ctx, input)),
    async versions(sessionId, page) {
      const rows: VersionRow[] = await ctx
        .read('requirement_versions')
        .where('session_id', sessionId)
        .orderBy('version', 'asc')
        .limit(page.limit)
        .offset(page.offset);
      return rows.map(toVersion);
    },
  };
}

function toStored(row: ProfileRow): StoredRequirements {
  return {
    sessionId: row.session_id,
    version: Number(row.version),
    state: json(row.state),
    updatedAt: fromEpochMs(row.updated_at),
  };
}

function toVersion(row: VersionRow): RequirementsVersion {
  return {
    sessionId: row.session_id,
    version: Number(row.version),
    by: json(row.by),
    reason: row.reason,
    changes: json(row.changes),
    state: json(row.state),
    createdAt: fromEpochMs(row.created_at),
  };
}

/** Another writer saved a version first; `current` tells the caller what to re-read. */
function versionConflict(current: number): ParleyError {
  return new ParleyError(
    'VERSION_CONFLICT',
    `The requirements changed meanwhile (now version ${current}); re-read them and try again.`,
    { currentVersion: current },
  );
}

/**
 * The save's statement for a schema, inserting the first version or moving a later one; built once
 * each, since a prepared statement is known by its text. Parameters: the session, the version, the
 * state, the time, the history row's author, reason and changes, then (a later version) the version
 * it moves from. The state goes once and serves both the profile and its history row.
 */
function postgresSaveText(schema: string | undefined, first: boolean): string {
  return statementText(`save-requirements\u0000${schema ?? ''}\u0000${first}`, () => {
    const ref = (table: string) => quotedName(schema, table);
    const profile = first
      ? `insert into ${ref('requirement_profiles')} (session_id, version, state, updated_at)
       select $1::text, $2::integer, $3::jsonb, $4::bigint where exists (select 1 from ${ref('sessions')} where id = $1::text)
       on conflict (session_id) do nothing
       returning session_id`
      : `update ${ref('requirement_profiles')} set version = $2::integer, state = $3::jsonb, updated_at = $4::bigint
       where session_id = $1::text and version = $8::integer
       returning session_id`;
    return `with written as (${profile}),
     logged as (
       insert into ${ref('requirement_versions')} (session_id, version, "by", reason, changes, state, created_at)
       select $1::text, $2::integer, $5::jsonb, $6::text, $7::jsonb, $3::jsonb, $4::bigint from written
       returning session_id
     )
     select count(*) as logged from logged`;
  });
}

/**
 * A version on PostgreSQL in one statement, one round trip where a transaction took four (BEGIN,
 * the profile, the history row, COMMIT): the profile moves from n to n + 1 only where it still is
 * at n (or is inserted for the first version, only where the session exists), and the history row
 * is inserted from what that wrote, so both happen or neither. When nothing was written, reads
 * tell a missing session (`SESSION_NOT_FOUND`, also for one purged meanwhile) from a stale version.
 */
async function postgresSave(ctx: StoreContext, input: NewRequirementsVersion): Promise<StoredRequirements> {
  const version = input.expectedVersion + 1;
  const at = toEpochMs(input.at);
  const state = JSON.stringify(input.state);
  const first = input.expectedVersion === 0;
  const rows = await runPrepared<{ logged: number | string }>(ctx, postgresSaveText(ctx.schema, first), [
    input.sessionId,
    version,
    state,
    at,
    JSON.stringify(input.by),
    input.reason,
    JSON.stringify(input.changes),
    ...(first ? [] : [input.expectedVersion]),
  ]);
  if (Number(rows[0]?.logged) === 1)
    return { sessionId: input.sessionId, version, state: input.state, updatedAt: input.at };
  const [session, current] = await Promise.all([
    ctx.table('sessions').select('id').where('id', input.sessionId).first(),
    ctx.table('requirement_profiles').select('version').where('session_id', input.sessionId).first(),
  ]);
  if (!session) throw sessionNotFound(input.sessionId);
  throw versionConflict(current ? Number((current as { version: number | string }).version) : 0);
}

/**
 * A version on SQLite: the statements of the PostgreSQL path (and the same refusals) as one native
 * transaction (`sqliteWrite`): every extraction that changes something writes one.
 */
function sqliteSave(ctx: StoreContext, input: NewRequirementsVersion): Promise<StoredRequirements> {
  return sqliteWrite(ctx.knex, (db) => {
    const requireSession = () => {
      if (!db.prepare('select id from sessions where id = ?').get(input.sessionId))
        throw sessionNotFound(input.sessionId);
    };
    if (input.expectedVersion === 0) requireSession();
    const version = input.expectedVersion + 1;
    const at = toEpochMs(input.at);
    const state = JSON.stringify(input.state);
    const written =
      input.expectedVersion === 0
        ? db
            .prepare(
              `insert into requirement_profiles (session_id, version, state, updated_at) values (?, ?, ?, ?)
               on conflict (session_id) do nothing`,
            )
            .run(input.sessionId, version, state, at).changes
        : db
            .prepare(
              `update requirement_profiles set version = ?, state = ?, updated_at = ?
               where session_id = ? and version = ?`,
            )
            .run(version, state, at, input.sessionId, input.expectedVersion).changes;
    if (written === 0) {
      if (input.expectedVersion > 0) requireSession();
      const row = db
        .prepare<unknown[], { version: number }>(
          'select version from requirement_profiles where session_id = ?',
        )
        .get(input.sessionId);
      throw versionConflict(row ? Number(row.version) : 0);
    }
    db.prepare(
      `insert into requirement_versions (session_id, version, "by", reason, changes, state, created_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
    ).run(...historyValues(input, version, state, at));
    return { sessionId: input.sessionId, version, state: input.state, updatedAt: input.at };
  });
}

/** A version's history row, in the column order both saves insert it (`state` already as JSON). */
function historyValues(input: NewRequirementsVersion, version: number, state: string, at: number) {
  return [
    input.sessionId,
    version,
    JSON.stringify(input.by),
    input.reason,
    JSON.stringify(input.changes),
    state,
    at,
  ] as const;
}
