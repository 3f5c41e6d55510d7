import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';

/** A Socket.IO adapter over Redis and the connections it opened. */
export interface RedisSocketAdapter {
  /** Give to `new Server(http, { adapter })`, `io.adapter(…)` or `attachParley`'s `adapter` option. */
  adapter: NonNullable<ServerOptions['adapter']>;
  /** Ends the two Redis connections (after the Socket.IO server closed). */
  close(): Promise<void>;
}

/**
 * Socket.IO's Redis adapter (R12.3): what a process sends to a room or a socket elsewhere (a typing
 * notice, disconnecting a logged-out token's sockets) reaches the sockets on every process. Its
 * channels start with `keyPrefix` (`REDIS_KEY_PREFIX`), so deployments sharing a Redis stay apart.
 */
export function createRedisSocketAdapter(options: { url: string; keyPrefix: string }): RedisSocketAdapter {
  const retryStrategy = (attempt: number) => Math.min(attempt * 100, 1_000);
  const pub = new Redis(options.url, { retryStrategy });
  const sub = pub.duplicate();
  // Outages are reported by the core's Redis clients; these reconnect by themselves.
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  return {
    adapter: createAdapter(pub, sub, { key: `${options.keyPrefix}socket.io` }),
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
