/** Stored lifecycle; an `active` row idle past the TTL reads as `expired` before the purge marks it. */
export type SessionStatus = 'active' | 'expired' | 'closed';

/** One conversation of one user, active until closed or idle for the configured TTL. */
export interface Session {
  id: string;
  userId: string;
  title: string | null;
  status: SessionStatus;
  /** Sequence number of the newest message; 0 for an empty session. */
  lastSeq: number;
  /** Search results kept in the session (R8); a turn searches them only when there are some. */
  keptResults: number;
  /** Where the rolling summary ends (R4.4); 0 before the first, and a turn then reads none. */
  summaryToSeq: number;
  createdAt: Date;
  lastActivityAt: Date;
  closedAt: Date | null;
}
