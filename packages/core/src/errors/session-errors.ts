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
