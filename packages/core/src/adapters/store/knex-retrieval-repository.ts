import type {
  KeptHit,
  RetrievalHit,
  RetrievalRepository,
  RetrievalScope,
} from '../../ports/retrieval-index.js';
import { isPostgres } from './is-postgres.js';
import type { StoreContext } from './store-context.js';

/** Messages one SQLite lexical search may rank at most, when rarer words allow it. */
const CANDIDATES_CAP = 1_000;
/** Counting stops here: enough to tell a common word from a very common one, at bounded cost. */
const COUNT_CAP = 8_000;
/**
 * A session-scoped search over at most this many messages (those before the window) reads them from
 * the session's own rows on PostgreSQL: about 2 µs a message, so at most about 20 ms, whatever the
 * rest of the table holds; a longer stretch goes through the GIN index, whose cost follows the
 * matches in the whole table.
 */
const SCAN_SESSION_UP_TO = 10_000;

interface KeptRow {
  session_id: string;
  url: string;
  title: string;
  content: string;
  score: number | string;
}

interface HitRow {
  id: string;
  session_id: string;
  seq: number | string;
  score: number | string;
}

/**
 * Lexical search over messages and kept results (SQLite FTS5 with bm25, PostgreSQL tsvector with
 * ts_rank) and vectors stored as float32 bytes, cosine-scored here over one user's candidates.
 */
export function createKnexRetrievalRepository(ctx: StoreContext): RetrievalRepository {
  const ref = (table: string): string => (ctx.schema ? `${ctx.schema}.${table}` : table);
  const postgres = isPostgres(ctx.knex);
  /** How many messages an FTS5 query matches, counted from the index alone up to COUNT_CAP. */
  async function countMatches(queries: string[]): Promise<number[]> {
    const sql = 'select count(*) from (select 1 from messages_fts where messages_fts match ? limit ?)';
    const [row]: Record<string, number>[] = await ctx.knex.raw(
      `select ${queries.map((_, i) => `(${sql}) as c${i}`).join(', ')}`,
      queries.flatMap((query) => [query, COUNT_CAP]),
    );
    return queries.map((_, i) => Number(row?.[`c${i}`] ?? 0));
  }

  /**
   * SQLite: bm25 is computed for every message that matches, so a word found in most messages
   * (cheap to find, costly to rank, and nearly weightless under bm25) would make each search rank
   * the whole history. The query is narrowed from each word's count first: the rarest words, OR-ed,
   * while together they match at most CANDIDATES_CAP messages; when even the rarest matches more,
   * the rarest words AND-ed, one more at a time, until few enough messages hold them all (the
   * most relevant ones). Undefined when no message holds any word.
   */
  async function selectiveQuery(words: string[]): Promise<string | undefined> {
    const counts = await countMatches(words.map(quoted));
    const ranked = words
      .map((word, i) => ({ word, count: counts[i] ?? 0 }))
      .filter((w) => w.count > 0)
      .sort((a, b) => a.count - b.count);
    const [rarest] = ranked;
    if (!rarest) return undefined;
    if (rarest.count > CANDIDATES_CAP) {
      let query = quoted(rarest.word);
      for (const { word } of ranked.slice(1)) {
        const narrower = `${query} AND ${quoted(word)}`;
        const [count = 0] = await countMatches([narrower]);
        if (count === 0) break;
        query = narrower;
        if (count <= CANDIDATES_CAP) break;
      }
      return query;
    }
    const chosen: string[] = [];
    let candidates = 0;
    for (const { word, count } of ranked) {
      if (chosen.length > 0 && candidates + count > CANDIDATES_CAP) break;
      chosen.push(quoted(word));
      candidates += count;
    }
    return chosen.join(' OR ');
  }

  return {
    async searchText(scope, terms) {
      const words = plainWords(terms);
      if (words.length === 0) return [];
      const within = scopeFilter(scope, 'm.session_id', 'm.seq');
      if (postgres) {
        // Up to SCAN_SESSION_UP_TO of the session's messages are searched row by row from its own index,
        // so the cost stays the session's: through the GIN index, PostgreSQL combined the session's
        // rows with every message that matches any word in the whole table (docs/performance.md).
        const scanned = scope.across !== 'user' && scope.beforeSeq <= SCAN_SESSION_UP_TO + 1;
        const result: { rows: HitRow[] } = await ctx.knex.raw(
          `${scanned ? 'with m as materialized (select id, session_id, seq, search_tsv from ?? where session_id = ? and seq < ?)' : ''}
           select m.id, m.session_id, m.seq, ts_rank(m.search_tsv, q) as score
           from ${scanned ? 'm' : '?? m'} join ?? s on s.id = m.session_id, to_tsquery('english', ?) q
           where m.search_tsv @@ q and ${within.sql} order by score desc, m.seq limit ?`,
          [
            ...(scanned ? [ref('messages'), scope.sessionId, scope.beforeSeq] : [ref('messages')]),
            ref('sessions'),
            words.join(' | '),
            ...within.bindings,
            scope.limit,
          ],
        );
        return result.rows.map(toHit);
      }
      const query = await selectiveQuery(words);
      if (query === undefined) return [];
      // Materialized and cross-joined (SQLite keeps that order) so the index's matches are ranked
      // first, rather than walking the session's (session_id, seq) index and probing per message.
      const rows: HitRow[] = await ctx.knex.raw(
        `with f as materialized (
           select rowid, -bm25(messages_fts) as score from messages_fts where messages_fts match ?
         )
         select m.id, m.session_id, m.seq, f.score
         from f cross join messages m on m.rowid = f.rowid cross join sessions s on s.id = m.session_id
         where ${within.sql} order by f.score desc, m.seq limit ?`,
        [query, ...within.bindings, scope.limit],
      );
      return rows.map(toHit);
    },
    async searchKept(scope, terms) {
      const words = plainWords(terms);
      if (words.length === 0) return [];
      const within = scopeFilter(scope, 'k.session_id');
      if (postgres) {
        const result: { rows: KeptRow[] } = await ctx.knex.raw(
          `select k.session_id, k.url, k.title, k.content, ts_rank(k.search_tsv, q) as score
           from ?? k join ?? s on s.id = k.session_id, to_tsquery('english', ?) q
           where k.search_tsv @@ q and ${within.sql} order by score desc, k.kept_at limit ?`,
          [ref('kept_results'), ref('sessions'), words.join(' | '), ...within.bindings, scope.limit],
        );
        return result.rows.map(toKeptHit);
      }
      const rows: KeptRow[] = await ctx.knex.raw(
        `select k.session_id, k.url, k.title, k.content, -bm25(kept_results_fts) as score
         from kept_results_fts join kept_results k on k.rowid = kept_results_fts.rowid
           join sessions s on s.id = k.session_id
         where kept_results_fts match ? and ${within.sql} order by score desc, k.kept_at limit ?`,
        [ftsQuery(words), ...within.bindings, scope.limit],
      );
      return rows.map(toKeptHit);
    },
    async pendingEmbeddings(sessionId, model, limit, afterSeq = 0) {
      const rows: { id: string; session_id: string; seq: number; content: string }[] = await ctx
        .table('messages')
        .select('id', 'session_id', 'seq', 'content')
        .where('session_id', sessionId)
        .andWhere('seq', '>', afterSeq)
        .whereIn('role', ['user', 'assistant'])
        .andWhere('content', '<>', '')
        .whereNotExists(function missing() {
          this.select(ctx.knex.raw('1'))
            .from(ref('message_vectors'))
            .whereRaw('?? = ??', [`${ref('message_vectors')}.message_id`, `${ref('messages')}.id`])
            .andWhere('model', model);
        })
        .orderBy('seq')
        .limit(limit);
      return rows.map((row) => ({
        messageId: row.id,
        sessionId: row.session_id,
        seq: Number(row.seq),
        content: row.content,
      }));
    },
    async saveVectors(model, vectors) {
      if (vectors.length === 0) return;
      await ctx
        .table('message_vectors')
        .insert(
          vectors.map((v) => ({
            message_id: v.messageId,
            session_id: v.sessionId,
            model,
            vector: Buffer.from(new Float32Array(v.vector).buffer),
          })),
        )
        .onConflict('message_id')
        .merge(['model', 'vector']);
    },
    async searchVectors(scope, model, vector) {
      // withSchema qualifies the joined tables too.
      const rows: { id: string; session_id: string; seq: number | string; vector: Buffer }[] = await ctx
        .table('message_vectors as v')
        .join('messages as m', 'm.id', 'v.message_id')
        .join('sessions as s', 's.id', 'v.session_id')
        .select('m.id', 'm.session_id', 'm.seq', 'v.vector')
        .where({ 's.user_id': scope.userId, 'v.model': model })
        .andWhere((q) => {
          q.where({ 'v.session_id': scope.sessionId }).andWhere('m.seq', '<', scope.beforeSeq);
          if (scope.across === 'user') q.orWhereNot('v.session_id', scope.sessionId);
        });
      const query = Float32Array.from(vector);
      return rows
        .map((row) => ({ ...toHit({ ...row, score: 0 }), score: cosine(query, fromBytes(row.vector)) }))
        .sort((a, b) => b.score - a.score || a.seq - b.seq)
        .slice(0, scope.limit);
    },
  };
}

/** The query's terms that are plain words: nothing else ever reaches the full-text syntax. */
function plainWords(terms: string[]): string[] {
  return terms.filter((term) => /^[\p{L}\p{N}]+$/u.test(term));
}

/** FTS5: a word quoted, so that none is read as an operator. */
function quoted(word: string): string {
  return `"${word}"`;
}

/** FTS5: any of the words. */
function ftsQuery(words: string[]): string {
  return words.map(quoted).join(' OR ');
}

/**
 * The scope as SQL over `s` (the sessions row): the user's rows only; of the session, only before
 * `beforeSeq` (when the rows have a sequence number); the user's other sessions when `across` is `user`.
 */
function scopeFilter(
  scope: RetrievalScope,
  sessionColumn: string,
  seqColumn?: string,
): { sql: string; bindings: (string | number)[] } {
  const session = seqColumn
    ? { sql: `(${sessionColumn} = ? and ${seqColumn} < ?)`, bindings: [scope.sessionId, scope.beforeSeq] }
    : { sql: `${sessionColumn} = ?`, bindings: [scope.sessionId] };
  if (scope.across === 'user') {
    return {
      sql: `s.user_id = ? and (${session.sql} or ${sessionColumn} <> ?)`,
      bindings: [scope.userId, ...session.bindings, scope.sessionId],
    };
  }
  return { sql: `s.user_id = ? and ${session.sql}`, bindings: [scope.userId, ...session.bindings] };
}

function toKeptHit(row: KeptRow): KeptHit {
  return {
    sessionId: row.session_id,
    url: row.url,
    title: row.title,
    content: row.content,
    score: Number(row.score),
  };
}

function toHit(row: HitRow): RetrievalHit {
  return { messageId: row.id, sessionId: row.session_id, seq: Number(row.seq), score: Number(row.score) };
}

/** A copy, so the view is aligned whatever offset the driver's buffer has. */
function fromBytes(bytes: Buffer): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
