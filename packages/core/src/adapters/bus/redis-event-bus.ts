import { randomUUID } from 'node:crypto';
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
import { defineRedisScript } from '../cache/redis-script.js';
import { parseEvent } from './event-json.js';
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
 * KEYS log; ARGV ttl channel batch origin — appends a publish's events (a JSON array) to the turn's
 * log as one entry and publishes them as `id origin batch`, in one step, so every live event is in
 * the log. One entry and one message per publish, not per event: a turn's deltas go out several at
 * a time.
 */
const APPEND_AND_PUBLISH = `
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[3])
redis.call('PUBLISH', ARGV[2], id .. ' ' .. ARGV[4] .. ' ' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** A turn log entry's or message's events: a batch, or one event as entries held before batches. */
function eventsOf(json: string): ChatEvent[] {
  const parsed = parseEvent<ChatEvent | ChatEvent[]>(json);
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** A turn event's place: its log entry's stream id (`ms-seq`) and its index in that entry. */
interface Place {
  id: string;
  index: number;
}

/** Whether `a` comes after `b` in the turn's log. */
function placeAfter(a: Place, b: Place): boolean {
  const [am = 0, as = 0] = a.id.split('-').map(Number);
  const [bm = 0, bs = 0] = b.id.split('-').map(Number);
  if (am !== bm) return am > bm;
  return as !== bs ? as > bs : a.index > b.index;
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
  const appendAndPublish = defineRedisScript(client, 'parleyBusAppendAndPublish', APPEND_AND_PUBLISH, 1);
  const channel = (name: Channel) => `${prefix}bus:${name}`;
  const logKey = (turnId: string) => `${prefix}turn-log:${turnId}`;

  const sessions = new Topics<ChatEvent>();
  const sessionEvents = new Topics<SessionEvent>();
  const users = new Topics<UserEvent>();
  const cancels = new Topics<CancelRequest>();
  const followers = new Topics<Place & { event: ChatEvent }>();

  // This process's own watchers get its events at once, Redis or not (as Socket.IO's Redis adapter
  // emits locally first); every message carries the bus it came from, so its echo is dropped.
  const origin = randomUUID();
  const fromHere = (text: string, at: number) =>
    text.startsWith(origin, at) && text[at + origin.length] === ' ';

  subscriber.on('message', (from: string, text: string) => {
    try {
      if (from === channel('turn')) {
        const idEnd = text.indexOf(' ');
        const own = fromHere(text, idEnd + 1);
        // This process's own events, already delivered: read only when someone follows a turn.
        if (own && followers.empty()) return;
        const id = text.slice(0, idEnd);
        const json = text.slice(text.indexOf(' ', idEnd + 1) + 1);
        eventsOf(json).forEach((event, index) => {
          followers.emit(event.turnId, { id, index, event });
          if (!own) sessions.emit(event.sessionId, event);
        });
        return;
      }
      if (fromHere(text, 0)) return;
      const json = text.slice(text.indexOf(' ') + 1);
      if (from === channel('session')) {
        const event = parseEvent<SessionEvent>(json);
        sessionEvents.emit(event.sessionId, event);
      } else if (from === channel('user')) {
        const event = parseEvent<UserEvent>(json);
        users.emit(event.userId, event);
      } else if (from === channel('cancel')) cancels.emit('all', parseEvent<CancelRequest>(json));
    } catch (error) {
      logger?.warn({ err: error, channel: from }, 'an event from Redis could not be read');
    }
  });
  await subscribeWithin(subscriber, client, CHANNELS.map(channel), { logger, role: 'event bus' });

  /**
   * Hands a message to this process's watchers with `deliver`, then sends it with `send`. Never
   * rejects: a failed send reaches other processes' watchers late or not at all, which the turn log
   * and resuming readers cover.
   */
  const deliverThenSend = async (deliver: () => void, send: () => Promise<unknown>): Promise<void> => {
    deliver();
    await send().catch(() => undefined);
  };
  /** Per running turn, the events waiting for its send under way, and when that send is over. */
  const turnSends = new Map<string, { queue: ChatEvent[]; done: Promise<void> }>();
  /**
   * Sends a turn's queued events, those queued while a send is under way together in the next (one
   * log entry and one message per send, in order), until none is left. Never rejects, as above.
   */
  const sendTurn = async (turnId: string, queue: ChatEvent[]): Promise<void> => {
    try {
      // What is published in the same synchronous run (a message and the answer's start) goes together.
      await Promise.resolve();
      while (queue.length > 0) {
        const batch = queue.splice(0);
        const ttl = endsTurn(batch.at(-1)!) ? endedLogTtlMs : turnLogTtlMs;
        await appendAndPublish(
          logKey(turnId),
          String(ttl),
          channel('turn'),
          JSON.stringify(batch),
          origin,
        ).catch(() => undefined);
      }
    } finally {
      turnSends.delete(turnId);
    }
  };
  const publishOn = (name: Channel, message: object, deliver: () => void): Promise<void> =>
    deliverThenSend(deliver, () => client.publish(channel(name), `${origin} ${JSON.stringify(message)}`));

  return {
    publishTurn: (events) => {
      const last = events.at(-1);
      if (!last) return Promise.resolve();
      for (const event of events) sessions.emit(event.sessionId, event);
      const turnId = last.turnId;
      const sending = turnSends.get(turnId);
      if (sending) {
        sending.queue.push(...events);
        return sending.done;
      }
      const queue = [...events];
      const done = sendTurn(turnId, queue);
      turnSends.set(turnId, { queue, done });
      return done;
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
      let held: Array<Place & { event: ChatEvent }> | null = [];
      let lastPlace: Place = { id: '0-0', index: -1 };
      let stopped = false;
      const stopLive = followers.add(turnId, (entry) => {
        if (held) held.push(entry);
        else deliver(entry);
      });
      const stop: Unsubscribe = () => {
        stopped = true;
        stopLive();
      };
      const deliver = ({ event, ...place }: Place & { event: ChatEvent }): void => {
        if (stopped || !placeAfter(place, lastPlace)) return;
        lastPlace = place;
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
      const log = entries.flatMap(([id, fields]) =>
        eventsOf(fields[1] ?? 'null').map((event, index) => ({ id, index, event })),
      );
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
