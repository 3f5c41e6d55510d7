import type { CancelRequest, EventBus } from '../../ports/event-bus.js';
import type { ChatEvent, SessionEvent, UserEvent } from '../../services/chat/chat-events.js';
import { TurnLog } from '../../services/chat/turn-log.js';
import { Topics } from './topics.js';

/**
 * The default EventBus: everything stays in this process and is delivered synchronously, in
 * publish order. Running turns are logged (`TurnLog`) until their last event, for `followTurn`.
 */
export function createInProcessEventBus(): EventBus {
  const sessions = new Topics<ChatEvent>();
  const sessionEvents = new Topics<SessionEvent>();
  const users = new Topics<UserEvent>();
  const cancels = new Topics<CancelRequest>();
  const running = new Map<string, TurnLog>();

  return {
    async publishTurn(event) {
      let log = running.get(event.turnId);
      if (!log) {
        log = new TurnLog();
        running.set(event.turnId, log);
      }
      log.append(event);
      if (log.isOver) running.delete(event.turnId);
      sessions.emit(event.sessionId, event);
    },
    async publishSession(event) {
      sessionEvents.emit(event.sessionId, event);
    },
    async publishUser(event) {
      users.emit(event.userId, event);
    },
    async requestCancel(request) {
      cancels.emit('all', request);
    },
    subscribeSession: (sessionId, listener) => sessions.add(sessionId, listener),
    subscribeSessionEvents: (sessionId, listener) => sessionEvents.add(sessionId, listener),
    subscribeUser: (userId, listener) => users.add(userId, listener),
    subscribeCancels: (listener) => cancels.add('all', listener),
    async followTurn(turnId, listener, options = {}) {
      const log = running.get(turnId);
      if (!log) return { found: false, stop: () => undefined };
      return { found: true, stop: log.follow(listener, options.fromChunk ?? 0) };
    },
  };
}
