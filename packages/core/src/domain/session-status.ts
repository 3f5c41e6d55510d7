import type { Session, SessionStatus } from './session.js';

/** The status a session has at `now`: a stored `active` past its idle TTL reads as `expired` (R2.2). */
export function effectiveStatus(session: Session, now: Date, ttlMs: number): SessionStatus {
  if (session.status !== 'active') return session.status;
  return now.getTime() - session.lastActivityAt.getTime() >= ttlMs ? 'expired' : 'active';
}
