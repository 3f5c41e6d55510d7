import type { Summary } from '../../domain/summary.js';
import type { SummaryRepository } from '../../ports/store.js';
import { fromEpochMs, toEpochMs } from './epoch-ms.js';
import type { StoreContext } from './store-context.js';

export interface SummaryRow {
  session_id: string;
  from_seq: number | string;
  to_seq: number | string;
  content: string;
  token_count: number | string;
  created_at: number | string;
}

/** Rolling summaries, one row per range; the latest is the one reaching the highest `to_seq` (R4.4). */
export function createKnexSummaryRepository(ctx: StoreContext): SummaryRepository {
  return {
    latest: (sessionId) => latestSummary(ctx, sessionId),
    save(summary) {
      // Saving the same range again (a retried fold) replaces it instead of failing. The session's
      // row moves to the furthest summary in the same transaction: a turn reading it as 0 reads no
      // summary, so it must never be behind a committed one.
      return ctx.knex.transaction(async (trx) => {
        await ctx
          .table('summaries', trx)
          .insert({
            session_id: summary.sessionId,
            from_seq: summary.fromSeq,
            to_seq: summary.toSeq,
            content: summary.content,
            token_count: summary.tokenCount,
            created_at: toEpochMs(summary.createdAt),
          })
          .onConflict(['session_id', 'to_seq'])
          .merge();
        await ctx
          .table('sessions', trx)
          .where('id', summary.sessionId)
          .andWhere('summary_to_seq', '<', summary.toSeq)
          .update({ summary_to_seq: summary.toSeq });
      });
    },
  };
}

/** The session's summary reaching furthest (also read with the newest page: `MessageRepository.head`). */
export async function latestSummary(ctx: StoreContext, sessionId: string): Promise<Summary | undefined> {
  const row: SummaryRow | undefined = await ctx
    .read('summaries')
    .where('session_id', sessionId)
    .orderBy('to_seq', 'desc')
    .first();
  return row ? toSummary(row) : undefined;
}

/** A summary row as stored; bigint columns may come back as strings, or as numbers inside JSON. */
export function toSummary(row: SummaryRow): Summary {
  return {
    sessionId: row.session_id,
    fromSeq: Number(row.from_seq),
    toSeq: Number(row.to_seq),
    content: row.content,
    tokenCount: Number(row.token_count),
    createdAt: fromEpochMs(row.created_at),
  };
}
