import type { Knex } from 'knex';
import type { SessionRepository, SessionQuery } from '../../ports/store.js';
import { toEpochMs } from './epoch-ms.js';
import { laterOf } from './later-of.js';
import { toSession, type SessionRow } from './session-row.js';
import type { StoreContext } from './store-context.js';

/**
 * Sessions. Expiry is a stored status set by the purge, but queries evaluate idleness against the
 * caller's cutoff so a session reads as expired the moment its TTL passes (R2.2).
 */
export function createKnexSessionRepository(ctx: StoreContext): SessionRepository {
  const idleSince = (cutoff: number) => (q: Knex.QueryBuilder) =>
    q.where('status', 'active').andWhere('last_activity_at', '<', cutoff);
  const endedBefore = (before: number) => (q: Knex.QueryBuilder) =>
    q.whereIn('status', ['expired', 'closed']).andWhere('last_activity_at', '<', before);

  return {
    async create(session) {
      const at = toEpochMs(session.createdAt);
      const rows: SessionRow[] = await ctx
        .table('sessions')
        .insert({
          id: session.id,
          user_id: session.userId,
          title: session.title,
          status: 'active',
          last_seq: 0,
          created_at: at,
          last_activity_at: at,
          closed_at: null,
        })
        .returning('*');
      return toSession(rows[0] as SessionRow);
    },
    async findById(id) {
      const row: SessionRow | undefined = await ctx.read('sessions').where('id', id).first();
      return row ? toSession(row) : undefined;
    },
    async list(query) {
      const rows: SessionRow[] = await ctx
        .read('sessions')
        .modify(filterSessions(query))
        .orderBy([
          { column: 'last_activity_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(query.limit)
        .offset(query.offset ?? 0);
      return rows.map((row) => toSession(row, query.idleCutoff));
    },
    async touch(id, at) {
      const rows: SessionRow[] = await ctx
        .table('sessions')
        .where('id', id)
        .update({ last_activity_at: laterOf(ctx.knex, 'last_activity_at', toEpochMs(at)) })
        .returning('*');
      return rows[0] ? toSession(rows[0]) : undefined;
    },
    async setStatus(id, status, at) {
      const closedAt =
        status === 'closed' ? ctx.knex.raw('COALESCE(??, ?)', ['closed_at', toEpochMs(at)]) : null;
      const rows: SessionRow[] = await ctx
        .table('sessions')
        .where('id', id)
        .update({ status, closed_at: closedAt })
        .returning('*');
      return rows[0] ? toSession(rows[0]) : undefined;
    },
    async setTitle(id, title) {
      await ctx.table('sessions').where('id', id).update({ title });
    },
    async expireIdle(idleCutoff, limit) {
      const cutoff = toEpochMs(idleCutoff);
      const batch = ctx
        .table('sessions')
        .select('id')
        .modify(idleSince(cutoff))
        .orderBy('last_activity_at')
        .limit(limit);
      // The outer filter repeats the condition so a session touched meanwhile is left active.
      const rows: { id: string }[] = await ctx
        .table('sessions')
        .whereIn('id', batch)
        .modify(idleSince(cutoff))
        .update({ status: 'expired' })
        .returning('id');
      return rows.map((row) => row.id);
    },
    async countIdle(idleCutoff) {
      return count(ctx.table('sessions').modify(idleSince(toEpochMs(idleCutoff))));
    },
    async deleteEnded(before, limit) {
      const cutoff = toEpochMs(before);
      return ctx.knex.transaction(async (trx) => {
        const rows: { id: string }[] = await ctx
          .table('sessions', trx)
          .select('id')
          .modify(endedBefore(cutoff))
          .orderBy('last_activity_at')
          .limit(limit);
        const ids = rows.map((row) => row.id);
        if (ids.length === 0) return ids;
        // Explicit child deletes: a caller-owned SQLite connection may have foreign keys off.
        await ctx.table('message_vectors', trx).whereIn('session_id', ids).delete();
        // The lexical index goes with the rows: a trigger on SQLite, a generated column on PostgreSQL.
        await ctx.table('messages', trx).whereIn('session_id', ids).delete();
        await ctx.table('summaries', trx).whereIn('session_id', ids).delete();
        await ctx.table('requirement_versions', trx).whereIn('session_id', ids).delete();
        await ctx.table('requirement_profiles', trx).whereIn('session_id', ids).delete();
        await ctx.table('kept_results', trx).whereIn('session_id', ids).delete();
        await ctx.table('search_runs', trx).whereIn('session_id', ids).delete();
        await ctx.table('sessions', trx).whereIn('id', ids).delete();
        return ids;
      });
    },
    async countEnded(before) {
      return count(ctx.table('sessions').modify(endedBefore(toEpochMs(before))));
    },
  };
}

/** Status filter evaluated against the idle cutoff: stored `active` rows idle before it count as expired. */
function filterSessions(query: SessionQuery) {
  const cutoff = toEpochMs(query.idleCutoff);
  return (q: Knex.QueryBuilder): void => {
    if (query.userId !== undefined) q.where('user_id', query.userId);
    if (query.status === 'active') q.where('status', 'active').andWhere('last_activity_at', '>=', cutoff);
    if (query.status === 'closed') q.where('status', 'closed');
    if (query.status === 'expired') {
      q.where((w) =>
        w
          .where('status', 'expired')
          .orWhere((idle) => idle.where('status', 'active').andWhere('last_activity_at', '<', cutoff)),
      );
    }
  };
}

async function count(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
