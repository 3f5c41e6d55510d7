import type { Session, SessionStatus } from '../../domain/session.js';
import { fromEpochMs } from './epoch-ms.js';

/** A `sessions` row as both drivers return it (PostgreSQL bigints arrive as strings). */
export interface SessionRow {
  id: string;
  user_id: string;
  title: string | null;
  status: SessionStatus;
  last_seq: number | string;
  kept_results: number | string;
  summary_to_seq: number | string;
  created_at: number | string;
  last_activity_at: number | string;
  closed_at: number | string | null;
}

/** Maps a row to the domain type; with `idleCutoff`, an active row idle before it reads as expired. */
export function toSession(row: SessionRow, idleCutoff?: Date): Session {
  const lastActivityAt = fromEpochMs(row.last_activity_at);
  const idle = idleCutoff !== undefined && lastActivityAt < idleCutoff;
  return {
    id: row.id,
    userId: row.user_id,
    title: row.title,
    status: row.status === 'active' && idle ? 'expired' : row.status,
    lastSeq: Number(row.last_seq),
    keptResults: Number(row.kept_results),
    summaryToSeq: Number(row.summary_to_seq),
    createdAt: fromEpochMs(row.created_at),
    lastActivityAt,
    closedAt: row.closed_at === null ? null : fromEpochMs(row.closed_at),
  };
}
