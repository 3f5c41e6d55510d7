import { ParleyError } from './parley-error.js';

/** A session idle past its TTL takes no new activity; shared by the service check and the store's guarded append. */
export function sessionExpired(sessionId: string): ParleyError {
  return new ParleyError(
    'SESSION_EXPIRED',
    'This session expired; its history is read-only. Start a new one.',
    {
      sessionId,
    },
  );
}

/** A closed session takes no new activity; shared by the service check and the store's guarded append. */
export function sessionClosed(sessionId: string): ParleyError {
  return new ParleyError('SESSION_CLOSED', 'This session is closed.', { sessionId });
}

/** No such session (or not the caller's); shared by the store's writes that find it gone. */
export function sessionNotFound(sessionId: string): ParleyError {
  return new ParleyError('SESSION_NOT_FOUND', 'Session not found.', { sessionId });
}

/** Why a guarded append matched no session row, from that row's status (undefined: no row). */
export function appendRefused(sessionId: string, status: string | undefined): ParleyError {
  if (status === 'closed') return sessionClosed(sessionId);
  return status === undefined ? sessionNotFound(sessionId) : sessionExpired(sessionId);
}
