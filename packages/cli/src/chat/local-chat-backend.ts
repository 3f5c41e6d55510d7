import type { Parley, SessionStatus } from '@parley/core';
import { HISTORY_SHOWN, SESSION_LIST_LIMIT, type ChatBackend, type SessionView } from './chat-backend.js';

/**
 * The chat backend over an in-process core, acting as `userId`. `close()` stops the answers still
 * running and waits until each has stored what arrived as incomplete, then closes the core.
 */
export function createLocalChatBackend(parley: Parley, userId: string): ChatBackend {
  const running = new Map<Promise<unknown>, AbortController>();
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
    sessions: (status: SessionStatus) => parley.sessions.list(userId, { status, limit: SESSION_LIST_LIMIT }),
    async open(sessionId) {
      await parley.sessions.restore(userId, sessionId);
      return read(sessionId);
    },
    read,
    create: () => parley.sessions.create(userId),
    async send(sessionId, content, signal) {
      const stop = new AbortController();
      const forward = () => stop.abort();
      if (signal.aborted) stop.abort();
      else signal.addEventListener('abort', forward, { once: true });
      try {
        const turn = await parley.chat.send({ userId, sessionId, content, signal: stop.signal });
        const settled: Promise<unknown> = turn.done
          .catch(() => undefined)
          .finally(() => {
            running.delete(settled);
            signal.removeEventListener('abort', forward);
          });
        running.set(settled, stop);
        return { turnId: turn.turnId };
      } catch (error) {
        signal.removeEventListener('abort', forward);
        throw error;
      }
    },
    subscribe(sessionId, listener) {
      return parley.chat.subscribe(sessionId, (event) => {
        if (event.type === 'assistant_chunk')
          listener({ type: event.type, turnId: event.turnId, text: event.text });
        else if (event.type !== 'tool_call' && event.type !== 'tool_result') listener(event);
      });
    },
    export: (sessionId, format) => parley.conversation.export(userId, sessionId, format),
    async close() {
      for (const stop of running.values()) stop.abort();
      await Promise.all(running.keys());
      await parley.close();
    },
  };
}
