import { ParleyError } from '@parley/core';
import type { ChatBackend, SessionView } from './chat-backend.js';

/** Where the chat screen opens: the current session, plus an expired one shown read-only. */
export interface ChatStart {
  current: SessionView;
  readOnly?: SessionView;
}

/**
 * Session restore (R2.3): the last active session with its history; when the last one expired, its
 * history read-only and a new session; with `fresh`, a new session straight away.
 */
export async function startConversation(backend: ChatBackend, fresh: boolean): Promise<ChatStart> {
  const startNew = async (): Promise<SessionView> => ({ session: await backend.create(), messages: [] });
  if (fresh) return { current: await startNew() };
  const [active] = await backend.sessions('active');
  if (active) {
    try {
      return { current: await backend.open(active.id) };
    } catch (error) {
      if (!ParleyError.is(error, 'SESSION_EXPIRED')) throw error;
    }
  }
  const [expired] = await backend.sessions('expired');
  const current = await startNew();
  if (!expired || expired.lastSeq === 0) return { current };
  return { current, readOnly: await backend.read(expired.id) };
}
