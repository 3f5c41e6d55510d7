import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ParleyError } from '../../errors/parley-error.js';
import type { QueueHold, QueueTicket, TurnQueue } from '../../ports/turn-queue.js';
import { closeOptionalRedisClient, createOptionalRedisClient } from '../cache/optional-redis-client.js';
import { defineRedisScript } from '../cache/redis-script.js';
import { subscribeWithin } from '../bus/subscribe-within.js';
import { createInProcessTurnQueue } from './in-process-turn-queue.js';

/** Options of `createRedisTurnQueue`. */
export interface RedisTurnQueueOptions {
  url: string;
  /** Put before every key and channel, so several deployments (or tests) share one Redis. */
  keyPrefix?: string;
  logger?: Logger;
  /** Turns that may wait behind the running one (`CHAT_QUEUE_LIMIT`); one more is `SESSION_BUSY`. */
  limit: number;
  /** How long a hold, or a waiting turn's place, lasts without renewal (`CHAT_TURN_HOLD_MS`). */
  holdMs: number;
}

/** A TurnQueue shared by several processes; `close()` ends its Redis connections. */
export type RedisTurnQueue = TurnQueue & { close(): Promise<void> };

/** How long a session's fence counter outlives its last hold: fences only grow while it exists. */
const FENCE_TTL_MS = 86_400_000;

/** Drops waiting turns whose process stopped renewing their place (it crashed or stalled). */
const PRUNE = `
local function prune(line, waiters)
  for _, id in ipairs(redis.call('LRANGE', line, 0, -1)) do
    if redis.call('EXISTS', waiters .. id) == 0 then redis.call('LREM', line, 0, id) end
  end
  return redis.call('LLEN', line)
end
local function take(holder, fence, turn, hold_ms, fence_ttl)
  local next = redis.call('INCR', fence)
  redis.call('PEXPIRE', fence, fence_ttl)
  redis.call('SET', holder, next .. ' ' .. turn, 'PX', hold_ms)
  return next
end
`;

/** KEYS line holder fence; ARGV turn holdMs limit waiters fenceTtl → {position, fence} or {-1, waiting}. */
const ENTER = `${PRUNE}
local waiting = prune(KEYS[1], ARGV[4])
local held = redis.call('EXISTS', KEYS[2])
if held == 0 and waiting == 0 then return {0, take(KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[5])} end
if waiting >= tonumber(ARGV[3]) then return {-1, waiting} end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SET', ARGV[4] .. ARGV[1], '1', 'PX', ARGV[2])
return {waiting + held, 0}`;

/** KEYS line holder fence; ARGV turn holdMs waiters fenceTtl → {fence, 0}, {0, retryMs} or {-1, 0} (gone). */
const TAKE = `${PRUNE}
prune(KEYS[1], ARGV[3])
if redis.call('LPOS', KEYS[1], ARGV[1]) == false then return {-1, 0} end
local held = redis.call('PTTL', KEYS[2])
if held >= 0 then return {0, math.max(held, 1)} end
local head = redis.call('LINDEX', KEYS[1], 0)
if head ~= ARGV[1] then return {0, math.max(redis.call('PTTL', ARGV[3] .. head), 1)} end
redis.call('LPOP', KEYS[1])
redis.call('DEL', ARGV[3] .. ARGV[1])
return {take(KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[4]), 0}`;

/** KEYS holder; ARGV token holdMs → 1 when renewed. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

/** KEYS holder; ARGV token channel session → 1 when released. */
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

/** KEYS line; ARGV turn waiters channel session. */
const LEAVE = `
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('DEL', ARGV[2] .. ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

interface Waiter {
  /** Tries to take the hold (on a release, at the time a hold or place ahead expires). */
  attempt(): void;
  /** Stops waiting here, without touching Redis (the queue closes). */
  stop(): void;
}

const left = () => new ParleyError('CANCELLED', 'The message was withdrawn before its answer started.');

/**
 * The TurnQueue for several processes (R3.5, R12.3): each session's hold is a Redis key with an
 * expiry holding a fencing token, its waiting line a Redis list whose members keep their place
 * alive. A release is announced over pub/sub; a waiter also retries when the hold (or the place
 * ahead of it) would expire, so a crashed holder or waiter delays a session by one hold at most.
 * While Redis cannot be reached, new turns queue in this process's memory instead (order per
 * process only), so chat goes on.
 */
export async function createRedisTurnQueue(options: RedisTurnQueueOptions): Promise<RedisTurnQueue> {
  const prefix = options.keyPrefix ?? 'parley:';
  const { holdMs, limit, logger } = options;
  const client = createOptionalRedisClient(options.url, { logger, role: 'turn queue' });
  const subscriber = new Redis(options.url, { retryStrategy: (attempt) => Math.min(attempt * 100, 1_000) });
  subscriber.on('error', () => undefined);
  const script = {
    enter: defineRedisScript(client, 'parleyQueueEnter', ENTER, 3),
    take: defineRedisScript(client, 'parleyQueueTake', TAKE, 3),
    renew: defineRedisScript(client, 'parleyQueueRenew', RENEW, 1),
    release: defineRedisScript(client, 'parleyQueueRelease', RELEASE, 1),
    leave: defineRedisScript(client, 'parleyQueueLeave', LEAVE, 1),
  };
  const freed = `${prefix}queue:freed`;
  const waitersPrefix = `${prefix}queue:waiter:`;
  const keys = (sessionId: string) => [
    `${prefix}queue:${sessionId}:line`,
    `${prefix}queue:${sessionId}:holder`,
    `${prefix}queue:${sessionId}:fence`,
  ];
  const waiting = new Map<string, Set<Waiter>>();
  const local = createInProcessTurnQueue({ limit, holdMs });

  subscriber.on('message', (_channel: string, sessionId: string) => {
    for (const waiter of waiting.get(sessionId) ?? []) waiter.attempt();
  });
  await subscribeWithin(subscriber, client, [freed], { logger, role: 'turn queue' });

  const hold = (sessionId: string, turnId: string, fence: number): QueueHold => {
    const token = `${fence} ${turnId}`;
    const holderKey = `${prefix}queue:${sessionId}:holder`;
    return {
      fence,
      isCurrent: async () => (await client.get(holderKey)) === token,
      renew: async () => (await script.renew(holderKey, token, String(holdMs))) === 1,
      async release() {
        await script.release(holderKey, token, freed, sessionId);
      },
    };
  };

  const wait = (sessionId: string, turnId: string): { ready: Promise<QueueHold>; leave(): void } => {
    let settle!: { grant(hold: QueueHold): void; refuse(error: unknown): void };
    const ready = new Promise<QueueHold>((grant, refuse) => (settle = { grant, refuse }));
    let done = false;
    let running = false;
    let again = false;
    let retry: NodeJS.Timeout | undefined;
    const keepPlace = setInterval(
      () => void client.pexpire(`${waitersPrefix}${turnId}`, holdMs).catch(() => undefined),
      Math.max(1, Math.floor(holdMs / 3)),
    );
    keepPlace.unref();
    const finish = (): void => {
      done = true;
      clearTimeout(retry);
      clearInterval(keepPlace);
      const set = waiting.get(sessionId);
      set?.delete(waiter);
      if (set?.size === 0) waiting.delete(sessionId);
    };
    const schedule = (ms: number): void => {
      clearTimeout(retry);
      retry = setTimeout(() => waiter.attempt(), Math.max(1, ms));
      retry.unref();
    };
    const waiter: Waiter = {
      stop: finish,
      attempt() {
        if (done) return;
        if (running) {
          again = true;
          return;
        }
        running = true;
        script
          .take(...keys(sessionId), turnId, String(holdMs), waitersPrefix, String(FENCE_TTL_MS))
          .then(
            (result) => {
              const [fence, retryMs] = result as [number, number];
              if (fence > 0) {
                const granted = hold(sessionId, turnId, fence);
                if (done) void granted.release().catch(() => undefined);
                else {
                  finish();
                  settle.grant(granted);
                }
              } else if (fence < 0) {
                finish();
                settle.refuse(left());
              } else schedule(retryMs);
            },
            (error: unknown) => {
              logger?.warn({ err: error, sessionId, turnId }, 'taking a session hold failed; retrying');
              schedule(Math.floor(holdMs / 3));
            },
          )
          .finally(() => {
            running = false;
            if (again) {
              again = false;
              waiter.attempt();
            }
          });
      },
    };
    let set = waiting.get(sessionId);
    if (!set) {
      set = new Set();
      waiting.set(sessionId, set);
    }
    set.add(waiter);
    waiter.attempt();
    return {
      ready,
      leave() {
        if (done) return;
        finish();
        settle.refuse(left());
        void script
          .leave(keys(sessionId)[0] ?? '', turnId, waitersPrefix, freed, sessionId)
          .catch((error: unknown) =>
            logger?.warn({ err: error, sessionId, turnId }, 'leaving a line failed'),
          );
      },
    };
  };

  return {
    async enter(sessionId, turnId) {
      let entered: [number, number];
      try {
        entered = (await script.enter(
          ...keys(sessionId),
          turnId,
          String(holdMs),
          String(limit),
          waitersPrefix,
          String(FENCE_TTL_MS),
        )) as [number, number];
      } catch (error) {
        logger?.warn(
          { err: error, sessionId, turnId },
          'Redis turn queue unavailable: queued in this process',
        );
        return local.enter(sessionId, turnId);
      }
      const [position, value] = entered;
      if (position < 0) {
        throw new ParleyError(
          'SESSION_BUSY',
          'An answer is still streaming and the queue is full; try again shortly.',
          { queued: value },
        );
      }
      if (position === 0) {
        return { position, ready: Promise.resolve(hold(sessionId, turnId, value)), leave: () => undefined };
      }
      const line = wait(sessionId, turnId);
      const ticket: QueueTicket = { position, ready: line.ready, leave: line.leave };
      return ticket;
    },
    async close() {
      for (const set of [...waiting.values()]) for (const waiter of [...set]) waiter.stop();
      subscriber.disconnect();
      await closeOptionalRedisClient(client);
    },
  };
}
