import { ParleyError, type Parley, type Session } from '@parley/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any user's session by id, with its effective status (admin commands act across users). */
export async function findSession(parley: Parley, sessionId: string): Promise<Session> {
  const stored = UUID.test(sessionId) ? await parley.store.sessions.findById(sessionId) : undefined;
  if (!stored) throw new ParleyError('SESSION_NOT_FOUND', `No session with id ${sessionId}.`);
  return parley.sessions.get(stored.userId, sessionId);
}
