import type { CancelRequest, EventBus, TurnRecord } from '../../ports/event-bus.js';
import {
  endsTurn,
  type ChatEvent,
  type SessionEvent,
  type UserEvent,
} from '../../services/chat/chat-events.js';
import { TurnLog } from '../../services/chat/turn-log.js';
import { Topics } from './topics.js';

/**
 * A running turn as this bus knows it: its log (the publisher's record, or a `TurnLog` of its own
 * when none was given) and how many of its events were published.
 */
interface RunningTurn {
  record: TurnRecord;
  own: TurnLog | undefined;
  published: number;
}

function runningTurn(record: TurnRecord | undefined): RunningTurn {
  if (record) return { record, own: undefined, published: 0 };
  const own = new TurnLog();
  return { record: own, own, published: 0 };
}

/**
 * The default EventBus: everything stays in this process and is delivered synchronously, in
 * publish order. Running turns are logged until their last event, for `followTurn`: the
 * publisher's record when it passes one (the chat service does, so an answer is held once), else
 * a `TurnLog` of the bus's own. A follower replays only what was published, whatever the record
 * already holds, then gets each event as it is published.
 */
export function createInProcessEventBus(): EventBus {
  const sessions = new Topics<ChatEvent>();
  const sessionEvents = new Topics<SessionEvent>();
  const users = new Topics<UserEvent>();
  const cancels = new Topics<CancelRequest>();
  const running = new Map<string, RunningTurn>();
  const followers = new Topics<ChatEvent>();

  return {
    async publishTurn(events, record) {
      for (const event of events) {
        let turn = running.get(event.turnId);
        if (!turn) {
          turn = runningTurn(record);
          running.set(event.turnId, turn);
        }
        turn.own?.append(event);
        turn.published += 1;
        followers.emit(event.turnId, event);
        if (endsTurn(event)) running.delete(event.turnId);
        sessions.emit(event.sessionId, event);
      }
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
      const turn = running.get(turnId);
      if (!turn) return { found: false, stop: () => undefined };
      const fromChunk = options.fromChunk ?? 0;
      turn.record.replay(listener, fromChunk, turn.published);
      const stop = followers.add(turnId, (event) => {
        if (endsTurn(event)) stop();
        if (event.type !== 'assistant_chunk' || event.index >= fromChunk) listener(event);
      });
      return { found: true, stop };
    },
  };
}
