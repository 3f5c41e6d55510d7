import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryCache } from '@parley/core/adapters';
import { CONNECT_TIMEOUT_MS } from '../../core/src/adapters/cache/optional-redis-client.js';
import express from 'express';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  attachParley,
  createParleyRouter,
  createParleyServer,
  createRateLimits,
  type LimitName,
  type ParleyServer,
} from '../src/index.js';
import type { Logger } from '../src/logger.js';
import { describeWith } from '../../core/test/support/services.js';
import { freePort } from '../../core/test/support/disposable-redis.js';
import { createTestParley } from '../../core/test/support/test-parley.js';
import { eventually } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const rejection = (promise: Promise<void>) =>
  promise.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );

describe('rate limits', () => {
  it('fall back to in-process limits when Redis is unreachable, never failing a request', async () => {
    const limits = createRateLimits({
      redis: `redis://127.0.0.1:${await freePort()}`,
      httpPerUser: { points: 2, durationSeconds: 60 },
    });
    try {
      expect(await rejection(limits.consume('httpPerUser', 'u1'))).toBeUndefined();
      expect(await rejection(limits.consume('httpPerUser', 'u1'))).toBeUndefined();
      expect(await rejection(limits.consume('httpPerUser', 'u1'))).toBe('RATE_LIMITED');
    } finally {
      await limits.close();
    }
  });
});

describeWith('redis', 'rate limits shared through Redis (R12.3)', (redisUrl) => {
  let t: TestServer;
  let second: ParleyServer | undefined;
  afterEach(async () => {
    await second?.close();
    await t.close();
  });

  it('count one user across two server processes', async () => {
    const rateLimit = {
      keyPrefix: `parley-test:${randomUUID()}`,
      httpPerUser: { points: 3, durationSeconds: 60 },
    };
    t = await startTestServer({ server: { redis: redisUrl, rateLimit } });
    second = createParleyServer(t.parley, { redis: redisUrl, rateLimit });
    const { url } = await second.listen(0);
    const { token } = await t.login();
    await request(t.url).get('/api/v1/me').auth(token, { type: 'bearer' }).expect(200);
    await request(url).get('/api/v1/me').auth(token, { type: 'bearer' }).expect(200);
    await request(t.url).get('/api/v1/me').auth(token, { type: 'bearer' }).expect(200);
    const limited = await request(url).get('/api/v1/me').auth(token, { type: 'bearer' }).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});

describeWith('redis', 'rate limits on Redis from the start', (redisUrl) => {
  /**
   * What a busy start does (the rule extractor's first sentences take about 0.3 s in one go): once
   * the client's connect is under way (a turn of the loop), the loop is held past its timeout.
   */
  async function holdTheLoop(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2 * CONNECT_TIMEOUT_MS);
  }

  it('are ready once their client connected, so a start that then blocks the event loop keeps them on Redis', async () => {
    const logged: string[] = [];
    const record = (_fields: object, message: string) => void logged.push(message);
    const logger = { warn: record, info: record } as unknown as Logger;
    const keyPrefix = `parley-test:${randomUUID()}`;
    const limits = createRateLimits({ redis: redisUrl, keyPrefix, logger });
    const redis = new Redis(redisUrl);
    try {
      await limits.ready?.();
      await holdTheLoop();
      await limits.consume('httpPerIp', '127.0.0.1');
      expect(logged.filter((line) => line.includes('unavailable'))).toEqual([]);
      expect(await redis.keys(`${keyPrefix}:httpPerIp:*`)).toHaveLength(1);
    } finally {
      await limits.close();
      redis.disconnect();
    }
  });

  it('are ready before a standalone server listens', async () => {
    const { parley, cleanup } = await createTestParley({ name: 'sqlite', database: 'sqlite' });
    const keyPrefix = `parley-test:${randomUUID()}`;
    const server = createParleyServer(parley, { redis: redisUrl, rateLimit: { keyPrefix } });
    const redis = new Redis(redisUrl);
    try {
      const { url } = await server.listen(0);
      await holdTheLoop();
      await request(url).get('/api/v1/me').expect(401);
      expect(await redis.keys(`${keyPrefix}:httpPerIp:*`)).toHaveLength(1);
    } finally {
      await server.close();
      await cleanup();
      redis.disconnect();
    }
  });
});

describeWith('redis', 'embedded rate limits', (redisUrl) => {
  it('default to Redis when the core is configured with Redis', async () => {
    const { parley, cleanup } = await createTestParley(
      { name: 'sqlite', database: 'sqlite' },
      { config: { redis: { url: redisUrl } }, cache: createMemoryCache() },
    );
    const redis = new Redis(redisUrl);
    // The default key prefix: counters of every test run add up here, so compare before and after.
    const counted = async (limit: LimitName): Promise<number> => {
      const keys = await redis.keys(`parley:rl:${limit}:*`);
      const values = keys.length > 0 ? await redis.mget(keys) : [];
      return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
    };
    const app = express();
    const router = createParleyRouter(parley);
    app.use('/api/parley', router);
    const httpServer = createServer(app);
    const io = new Server(httpServer);
    const sockets = attachParley(io, parley);
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    try {
      const httpBefore = await counted('httpPerIp');
      const socketBefore = await counted('socketPerIp');
      // The limiters use the in-process fallback until their Redis client is ready: retry until counted.
      await eventually(async () => {
        await request(url).get('/api/parley/me').expect(401);
        return (await counted('httpPerIp')) > httpBefore ? true : undefined;
      });
      await eventually(async () => {
        const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
        const refused = await new Promise<{ data?: { code?: string } }>((resolve) =>
          socket.once('connect_error', resolve),
        );
        socket.close();
        expect(refused.data?.code).toBe('UNAUTHENTICATED');
        return (await counted('socketPerIp')) > socketBefore ? true : undefined;
      });
    } finally {
      await sockets.close();
      await router.close();
      await new Promise((resolve) => io.close(resolve));
      await cleanup();
      redis.disconnect();
    }
  });
});
