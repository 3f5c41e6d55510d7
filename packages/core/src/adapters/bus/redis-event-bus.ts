import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CancelRequest, EventBus, Unsubscribe } from '../../ports/event-bus.js';
import {
  endsTurn,
  type ChatEvent,
  type SessionEvent,
  type UserEvent,
} from '../../services/chat/chat-events.js';
import { closeOptionalRedisClient, createOptionalRedisClient } from '../cache/optional-redis-client.js';
import { parseEvent } from './event-json.js';
import { PublishEchoes } from './publish-echoes.js';
import { subscribeWithin } from './subscribe-within.js';
import { Topics } from './topics.js';

/** Options of `createRedisEventBus`. */
export interface RedisEventBusOptions {
  url: string;
  /** Put before every key and channel, so several deployments (or tests) share one Redis. */
  keyPrefix?: string;
  logger?: Logger;
  /** How long a running turn's log outlives its latest event (default 10 minutes). */
  turnLogTtlMs?: number;
  /** How long an ended turn's log is kept so late followers learn it ended (default 30 s). */
  endedLogTtlMs?: number;
}

/** An EventBus shared by several processes; `close()` ends its Redis connections. */
export type RedisEventBus = EventBus & { close(): Promise<void> };

const CHANNELS = ['turn', 'session', 'user', 'cancel'] as const;
type Channel = (typeof CHANNELS)[number];

/**
 * KEYS log; ARGV ttl channel json… — appends each event to the turn's log and publishes it as
 * `id json`, in order and in one step, so every live event is in the log.
 */
const APPEND_AND_PUBLISH = `
for i = 3, #ARGV do
  local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[i])
  redis.call('PUBLISH', ARGV[2], id .. ' ' .. ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return #ARGV - 2`;

/** Stream ids `ms-seq` in order. */
function idAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am > bm : as > bs;
}

/**
 * The EventBus for several processes (R12.3): events go over Redis pub/sub on four channels every
 * process subscribes to once (so a subscription is live as soon as `create` resolves), and each
 * running turn's events are also appended to a Redis stream with a TTL, so `followTurn` on any
 * process replays what a reconnecting client missed and then follows live, exactly once.
 */
export async function createRedisEventBus(options: RedisEventBusOptions): Promise<RedisEventBus> {
  const prefix = options.keyPrefix ?? 'parley:';
  const turnLogTtlMs = options.turnLogTtlMs ?? 600_000;
  const endedLogTtlMs = options.endedLogTtlMs ?? 30_000;
  const logger = options.logger;
  const client = createOptionalRedisClient(options.url, { logger, role: 'event bus' });
  const subscriber = new Redis(options.url, { retryStrategy: (attempt) => Math.min(attempt * 100, 1_000) });
  subscriber.on('error', () => undefined);
  const channel = (name: Channel) => `${prefix}bus:${name}`;
  const logKey = (turnId: string) => `${prefix}turn-log:${turnId}`;

  const sessions = new Topics<ChatEvent>();
  const sessionEvents = new Topics<SessionEvent>();
  const users = new Topics<UserEvent>();
  const cancels = new Topics<CancelRequest>();
  const followers = new Topics<{ id: string; event: ChatEvent }>();

  // This process's own watchers get its events at once, Redis or not; their echoes are dropped.
  const echoes = new PublishEchoes();

  subscriber.on('message', (from: string, text: string) => {
    try {
      if (from === channel('turn')) {
        const space = text.indexOf(' ');
        const id = text.slice(0, space);
        const json = text.slice(space + 1);
        const fresh = echoes.arrived(json);
        // This process's own event, already delivered: read only when someone follows a turn.
        if (!fresh && followers.empty()) return;
        const event = parseEvent<ChatEvent>(json);
        followers.emit(event.turnId, { id, event });
        if (fresh) sessions.emit(event.sessionId, event);
      } else if (!echoes.arrived(text)) {
        return;
      } else if (from === channel('session')) {
        const event = parseEvent<SessionEvent>(text);
        sessionEvents.emit(event.sessionId, event);
      } else if (from === channel('user')) {
        const event = parseEvent<UserEvent>(text);
        users.emit(event.userId, event);
      } else if (from === channel('cancel')) cancels.emit('all', parseEvent<CancelRequest>(text));
    } catch (error) {
      logger?.warn({ err: error, channel: from }, 'an event from Redis could not be read');
    }
  });
  await subscribeWithin(subscriber, client, CHANNELS.map(channel), { logger, role: 'event bus' });

  const publishOn = (name: Channel, message: object, deliver: () => void): Promise<void> => {
    const json = JSON.stringify(message);
    return echoes.publish([json], () => client.publish(channel(name), json), deliver);
  };

  return {
    publishTurn: async (events) => {
      const last = events.at(-1);
      if (!last) return;
      const jsons = events.map((event) => JSON.stringify(event));
      const ttl = endsTurn(last) ? endedLogTtlMs : turnLogTtlMs;
      await echoes.publish(
        jsons,
        () => client.eval(APPEND_AND_PUBLISH, 1, logKey(last.turnId), String(ttl), channel('turn'), ...jsons),
        (index) => sessions.emit(events[index]!.sessionId, events[index]!),
      );
    },
    publishSession: (event) => publishOn('session', event, () => sessionEvents.emit(event.sessionId, event)),
    publishUser: (event) => publishOn('user', event, () => users.emit(event.userId, event)),
    requestCancel: (request) => publishOn('cancel', request, () => cancels.emit('all', request)),
    subscribeSession: (sessionId, listener) => sessions.add(sessionId, listener),
    subscribeSessionEvents: (sessionId, listener) => sessionEvents.add(sessionId, listener),
    subscribeUser: (userId, listener) => users.add(userId, listener),
    subscribeCancels: (listener) => cancels.add('all', listener),

    async followTurn(turnId, listener, followOptions = {}) {
      const fromChunk = followOptions.fromChunk ?? 0;
      // Live events are held back until the log is read; those the log already had are dropped.
      let held: Array<{ id: string; event: ChatEvent }> | null = [];
      let lastId = '0-0';
      let stopped = false;
      const stopLive = followers.add(turnId, (entry) => {
        if (held) held.push(entry);
        else deliver(entry);
      });
      const stop: Unsubscribe = () => {
        stopped = true;
        stopLive();
      };
      const deliver = ({ id, event }: { id: string; event: ChatEvent }): void => {
        if (stopped || !idAfter(id, lastId)) return;
        lastId = id;
        if (event.type !== 'assistant_chunk' || event.index >= fromChunk) safely(listener, event);
        if (endsTurn(event)) stop();
      };
      let entries: Array<[string, string[]]>;
      try {
        entries = await client.xrange(logKey(turnId), '-', '+');
      } catch (error) {
        stop();
        throw error;
      }
      const log = entries.map(([id, fields]) => ({ id, event: parseEvent<ChatEvent>(fields[1] ?? 'null') }));
      const last = log.at(-1);
      if (!last || endsTurn(last.event)) {
        stop();
        return { found: false, stop: () => undefined };
      }
      for (const entry of log) deliver(entry);
      const live = held;
      held = null;
      for (const entry of live) deliver(entry);
      return { found: true, stop };
    },

    async close() {
      subscriber.disconnect();
      await closeOptionalRedisClient(client);
    },
  };
}

function safely(listener: (event: ChatEvent) => void, event: ChatEvent): void {
  try {
    listener(event);
  } catch {
    // A watcher's failure is its own; the turn and the other watchers go on.
  }
}
