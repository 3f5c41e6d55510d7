import type { RetrievalHit, RetrievalRepository } from '../../ports/retrieval-index.js';
import { isPostgres } from './is-postgres.js';
import type { StoreContext } from './store-context.js';

interface HitRow {
  id: string;
  session_id: string;
  seq: number | string;
  score: number | string;
}

/**
 * Lexical search (SQLite FTS5 with bm25, PostgreSQL tsvector with ts_rank) and vectors stored as
 * float32 bytes, cosine-scored here over the candidates of one user's session.
 */
export function createKnexRetrievalRepository(ctx: StoreContext): RetrievalRepository {
  const ref = (table: string): string => (ctx.schema ? `${ctx.schema}.${table}` : table);
  const postgres = isPostgres(ctx.knex);
  return {
    async searchText(scope, terms) {
      const words = terms.filter((term) => /^[\p{L}\p{N}]+$/u.test(term));
      if (words.length === 0) return [];
      const filter = 'and s.user_id = ? and m.session_id = ? and m.seq < ?';
      const bindings = [scope.userId, scope.sessionId, scope.beforeSeq, scope.limit];
      if (postgres) {
        const result: { rows: HitRow[] } = await ctx.knex.raw(
          `select m.id, m.session_id, m.seq, ts_rank(m.search_tsv, q) as score
           from ?? m join ?? s on s.id = m.session_id, to_tsquery('english', ?) q
           where m.search_tsv @@ q ${filter} order by score desc, m.seq limit ?`,
          [ref('messages'), ref('sessions'), words.join(' | '), ...bindings],
        );
        return result.rows.map(toHit);
      }
      const rows: HitRow[] = await ctx.knex.raw(
        `select m.id, m.session_id, m.seq, -bm25(messages_fts) as score
         from messages_fts join messages m on m.rowid = messages_fts.rowid join sessions s on s.id = m.session_id
         where messages_fts match ? ${filter} order by score desc, m.seq limit ?`,
        [words.map((word) => `"${word}"`).join(' OR '), ...bindings],
      );
      return rows.map(toHit);
    },
    async pendingEmbeddings(sessionId, model, limit) {
      const rows: { id: string; session_id: string; content: string }[] = await ctx
        .table('messages')
        .select('id', 'session_id', 'content')
        .where('session_id', sessionId)
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
      return rows.map((row) => ({ messageId: row.id, sessionId: row.session_id, content: row.content }));
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
        .where({ 's.user_id': scope.userId, 'v.session_id': scope.sessionId, 'v.model': model })
        .andWhere('m.seq', '<', scope.beforeSeq);
      const query = Float32Array.from(vector);
      return rows
        .map((row) => ({ ...toHit({ ...row, score: 0 }), score: cosine(query, fromBytes(row.vector)) }))
        .sort((a, b) => b.score - a.score || a.seq - b.seq)
        .slice(0, scope.limit);
    },
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
