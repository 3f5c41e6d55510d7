import type { Knex } from 'knex';
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
 * only where it still is at n, in the same transaction as the history row, so a stale writer
 * changes nothing and learns the current version.
 */
export function createKnexRequirementsRepository(ctx: StoreContext): RequirementsRepository {
  const currentVersion = async (sessionId: string, trx: Knex.Transaction): Promise<number> => {
    const row: { version: number | string } | undefined = await ctx
      .table('requirement_profiles', trx)
      .select('version')
      .where('session_id', sessionId)
      .first();
    return row ? Number(row.version) : 0;
  };

  const knexSave = (input: NewRequirementsVersion): Promise<StoredRequirements> => {
    return ctx.knex.transaction(async (trx) => {
      // The session is looked up only where the write alone cannot tell: before the first version
      // (the insert), and when an update matched nothing (a purged session has no profile row).
      const requireSession = async () => {
        const session = await ctx.table('sessions', trx).select('id').where('id', input.sessionId).first();
        if (!session) throw sessionNotFound(input.sessionId);
      };
      if (input.expectedVersion === 0) await requireSession();
      const version = input.expectedVersion + 1;
      const at = toEpochMs(input.at);
      const state = JSON.stringify(input.state);
      const written: unknown[] =
        input.expectedVersion === 0
          ? await ctx
              .table('requirement_profiles', trx)
              .insert({ session_id: input.sessionId, version, state, updated_at: at })
              .onConflict('session_id')
              .ignore()
              .returning('session_id')
          : await ctx
              .table('requirement_profiles', trx)
              .where({ session_id: input.sessionId, version: input.expectedVersion })
              .update({ version, state, updated_at: at })
              .returning('session_id');
      if (written.length === 0) {
        if (input.expectedVersion > 0) await requireSession();
        throw versionConflict(await currentVersion(input.sessionId, trx));
      }
      await ctx.table('requirement_versions', trx).insert({
        session_id: input.sessionId,
        version,
        by: JSON.stringify(input.by),
        reason: input.reason,
        changes: JSON.stringify(input.changes),
        state,
        created_at: at,
      });
      return { sessionId: input.sessionId, version, state: input.state, updatedAt: input.at };
    });
  };

  return {
    async get(sessionId) {
      const row: ProfileRow | undefined = await ctx
        .read('requirement_profiles')
        .where('session_id', sessionId)
        .first();
      return row ? toStored(row) : undefined;
    },
    save: (input) => (onBetterSqlite(ctx.knex) ? sqliteSave(ctx, input) : knexSave(input)),
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
 * A version on SQLite: the statements of the knex path (and the same refusals) as one native
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
    ).run(
      input.sessionId,
      version,
      JSON.stringify(input.by),
      input.reason,
      JSON.stringify(input.changes),
      state,
      at,
    );
    return { sessionId: input.sessionId, version, state: input.state, updatedAt: input.at };
  });
}
