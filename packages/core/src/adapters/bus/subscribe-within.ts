import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { firstConnection } from '../cache/optional-redis-client.js';

/** How long to wait for a subscription once the command connection settled. */
const SUBSCRIBE_WAIT_MS = 2_000;

/**
 * Subscribes before a Redis adapter is handed out, so nothing published after that is missed; a
 * Redis that is down at start does not hold the process (bounded wait): ioredis subscribes once it
 * connects, and resubscribes after every reconnect.
 */
export async function subscribeWithin(
  subscriber: Redis,
  client: Redis,
  channels: string[],
  log: { logger?: Logger; role: string },
): Promise<void> {
  const subscribed = subscriber.subscribe(...channels).then(() => true);
  subscribed.catch(() => undefined);
  const soon = (): Promise<boolean> =>
    Promise.race([
      subscribed,
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SUBSCRIBE_WAIT_MS).unref()),
    ]);
  // The command connection's first attempt is waited for even when the subscription is there
  // first: without an offline queue, what is published before it connects would be lost.
  const connected = firstConnection(client);
  const ready = await Promise.race([subscribed.then((ok) => connected.then(() => ok)), connected.then(soon)]);
  if (!ready) log.logger?.warn({ role: log.role }, `Redis ${log.role} not subscribed yet: waiting for Redis`);
}
