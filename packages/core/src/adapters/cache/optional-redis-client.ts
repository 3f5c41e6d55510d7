import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export const CONNECT_TIMEOUT_MS = 200;
export const COMMAND_TIMEOUT_MS = 200;
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * An ioredis client for Redis that Parley can live without (cache, rate limits): no offline queue,
 * no per-command retries and short timeouts, so an outage fails each call at once instead of
 * queueing it; it keeps reconnecting in the background and logs each outage once.
 */
export function createOptionalRedisClient(url: string, options: { logger?: Logger; role: string }): Redis {
  const { logger, role } = options;
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  let lastError: { code?: string; message: string } | undefined;
  // Listening on 'error' keeps connection errors from crashing the process; they repeat on every
  // reconnect attempt, so the outage is logged once, when ioredis starts reconnecting.
  client.on('error', (error: Error & { code?: string }) => {
    lastError = { code: error.code, message: error.message };
  });
  client.on('reconnecting', () => {
    if (down) return;
    down = true;
    logger?.warn({ error: lastError, role }, `Redis ${role} unavailable`);
  });
  client.on('ready', () => {
    lastError = undefined;
    if (!down) return;
    down = false;
    logger?.info({ role }, `Redis ${role} reconnected`);
  });
  return client;
}

/** Ends a client made by `createOptionalRedisClient`; quit() would fail while disconnected. */
export async function closeOptionalRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit();
  else client.disconnect();
}

/**
 * Without an offline queue, commands sent before the first connection would all fail; wait for the
 * first attempt to succeed or fail (bounded), then never wait again.
 */
export function firstConnection(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const settle = (): void => {
      clearTimeout(timer);
      client.off('ready', settle).off('reconnecting', settle).off('end', settle);
      resolve();
    };
    const timer = setTimeout(settle, CONNECT_TIMEOUT_MS + COMMAND_TIMEOUT_MS);
    timer.unref();
    client.once('ready', settle).once('reconnecting', settle).once('end', settle);
  });
}
