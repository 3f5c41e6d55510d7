import { criteriaFromProfile } from '@parley/core/requirements';
import { OFFLINE_MODEL } from '@parley/core/adapters';
import { type Parley, type SessionStatus } from '@parley/core';
import { HISTORY_SHOWN, SESSION_LIST_LIMIT, type ChatBackend, type SessionView } from './chat-backend.js';

/**
 * The chat backend over an in-process core, acting as `userId`. `close()` closes the core, which
 * stops the answers still running and waits until each has stored what arrived as incomplete.
 */
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
    model: parley.config.llm.mode === 'offline' ? OFFLINE_MODEL : parley.config.llm.model,
    sessions: (status: SessionStatus) => parley.sessions.list(userId, { status, limit: SESSION_LIST_LIMIT }),
    async open(sessionId) {
      await parley.sessions.restore(userId, sessionId);
      return read(sessionId);
    },
    read,
    create: () => parley.sessions.create(userId),
    async send(sessionId, content) {
      const turn = await parley.chat.send({ userId, sessionId, content });
      return { turnId: turn.id };
    },
    async cancel(sessionId, turnId) {
      await parley.chat.cancel({ userId, sessionId, turnId });
    },
    requirements: (sessionId) => parley.requirements.get(userId, sessionId),
    updateRequirements: (sessionId, edit) => parley.requirements.update(userId, sessionId, edit),
    dismissQuestion: (sessionId, questionId) => parley.requirements.dismiss(userId, sessionId, questionId),
    async search(sessionId, input) {
      const { profile } = await parley.requirements.get(userId, sessionId);
      return parley.search.search(userId, sessionId, { ...input, criteria: criteriaFromProfile(profile) });
    },
    searches: (sessionId) => parley.search.list(userId, sessionId),
    async keep(sessionId, searchId, url) {
      await parley.search.keep(userId, sessionId, searchId, url);
    },
    memory: () => parley.memory.context(userId),
    forgetMemory: (id) => parley.memory.delete(userId, id),
    async setPersonalization(on) {
      await parley.memory.setPersonalization(userId, { personalization: on });
    },
    watchLearned: (listener) =>
      parley.chat.subscribeUser(userId, (event) => {
        if (event.type === 'memory_updated' && event.change === 'learned' && event.item) listener(event.item);
      }),
    subscribe(sessionId, listener) {
      return parley.chat.watch(sessionId, (event) => {
        if (event.type === 'assistant_chunk')
          listener({ type: event.type, turnId: event.turnId, text: event.text });
        else if (event.type === 'requirements_updated') {
          const { profile, conflicts, questions, version } = event;
          listener({ type: event.type, profile, conflicts, questions, version });
        } else if (event.type === 'search_results') listener({ type: event.type, search: event.search });
        else listener(event);
      });
    },
    export: (sessionId, format) => parley.conversation.export(userId, sessionId, format),
    close: () => parley.close(),
  };
}
