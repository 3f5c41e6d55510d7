import type { KeptResult, RankedResult, SearchIntent, SearchRun } from '../../domain/search.js';
import type { SearchRepository } from '../../ports/store.js';
import { fromEpochMs, toEpochMs } from './epoch-ms.js';
import type { StoreContext } from './store-context.js';

interface SearchRunRow {
  id: string;
  session_id: string;
  intent: string;
  query: string | null;
  queries: string[] | string;
  results: RankedResult[] | string;
  from_cache: boolean | number;
  degraded: boolean | number;
  stale: boolean | number;
  reason: string | null;
  created_at: number | string;
}

interface KeptRow {
  session_id: string;
  search_id: string;
  url: string;
  title: string;
  content: string;
  kept_at: number | string;
}

/** jsonb comes back parsed from PostgreSQL and as text from SQLite. */
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** Search runs and kept results (R8.2, R8.5); the session purge deletes both with their session. */
export function createKnexSearchRepository(ctx: StoreContext): SearchRepository {
  return {
    async save(run) {
      await ctx.table('search_runs').insert({
        id: run.id,
        session_id: run.sessionId,
        intent: run.intent,
        query: run.query,
        queries: JSON.stringify(run.queries),
        results: JSON.stringify(run.results),
        from_cache: run.fromCache,
        degraded: run.degraded,
        stale: run.stale,
        reason: run.reason ?? null,
        created_at: toEpochMs(run.createdAt),
      });
    },
    async list(sessionId, limit) {
      const rows: SearchRunRow[] = await ctx
        .table('search_runs')
        .where('session_id', sessionId)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit);
      return rows.map(toRun);
    },
    async findById(sessionId, searchId) {
      const row: SearchRunRow | undefined = await ctx
        .table('search_runs')
        .where({ session_id: sessionId, id: searchId })
        .first();
      return row ? toRun(row) : undefined;
    },
    keep(result) {
      // The session's count moves in the same transaction, so a turn that reads it as 0 (and skips
      // searching kept results) never misses a committed one.
      return ctx.knex.transaction(async (trx) => {
        const inserted: unknown[] = await ctx
          .table('kept_results', trx)
          .insert({
            session_id: result.sessionId,
            search_id: result.searchId,
            url: result.url,
            title: result.title,
            content: result.content,
            kept_at: toEpochMs(result.keptAt),
          })
          .onConflict(['session_id', 'url'])
          .ignore()
          .returning('url');
        if (inserted.length > 0)
          await ctx.table('sessions', trx).where('id', result.sessionId).increment('kept_results', 1);
        const row: KeptRow = await ctx
          .table('kept_results', trx)
          .where({ session_id: result.sessionId, url: result.url })
          .first();
        return toKept(row);
      });
    },
    async listKept(sessionId) {
      const rows: KeptRow[] = await ctx
        .table('kept_results')
        .where('session_id', sessionId)
        .orderBy([
          { column: 'kept_at', order: 'asc' },
          { column: 'url', order: 'asc' },
        ]);
      return rows.map(toKept);
    },
  };
}

function toRun(row: SearchRunRow): SearchRun {
  return {
    id: row.id,
    sessionId: row.session_id,
    intent: row.intent as SearchIntent,
    query: row.query,
    queries: parsed(row.queries),
    results: parsed(row.results),
    fromCache: Boolean(row.from_cache),
    degraded: Boolean(row.degraded),
    stale: Boolean(row.stale),
    ...(row.reason === null ? {} : { reason: row.reason }),
    createdAt: fromEpochMs(row.created_at),
  };
}

function toKept(row: KeptRow): KeptResult {
  return {
    sessionId: row.session_id,
    searchId: row.search_id,
    url: row.url,
    title: row.title,
    content: row.content,
    keptAt: fromEpochMs(row.kept_at),
  };
}
