import type { Parley, SessionStatus } from '@parley/core';
import type { ChatBackend, SessionView } from './chat-backend.js';

/** How many of the newest messages a resumed session shows. */
export const HISTORY_SHOWN = 50;

/** The chat backend over an in-process core, acting as `userId`; closes the core on `close()`. */
export function createLocalChatBackend(parley: Parley, userId: string): ChatBackend {
  const read = async (sessionId: string): Promise<SessionView> => {
    const session = await parley.sessions.get(userId, sessionId);
    const page = await parley.conversation.history(userId, sessionId, {
      limit: HISTORY_SHOWN,
      order: 'desc',
    });
    return { session, messages: page.messages.reverse() };
  };
  return {
    where: 'local',
    model: parley.config.llm.model,
    sessions: (status: SessionStatus) => parley.sessions.list(userId, { status, limit: 20 }),
    async open(sessionId) {
      await parley.sessions.restore(userId, sessionId);
      return read(sessionId);
    },
    read,
    create: () => parley.sessions.create(userId),
    async send(sessionId, content, signal) {
      const turn = await parley.chat.send({ userId, sessionId, content, signal });
      turn.done.catch(() => undefined);
      return { turnId: turn.turnId };
    },
    subscribe(sessionId, listener) {
      return parley.chat.subscribe(sessionId, (event) => {
        if (event.type === 'assistant_chunk')
          listener({ type: event.type, turnId: event.turnId, text: event.text });
        else listener(event);
      });
    },
    export: (sessionId, format) => parley.conversation.export(userId, sessionId, format),
    close: () => parley.close(),
  };
}
