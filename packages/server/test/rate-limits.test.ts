import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createParleyServer, createRateLimits, type ParleyServer } from '../src/index.js';
import { describeWith } from '../../core/test/support/services.js';
import { freePort } from '../../core/test/support/disposable-redis.js';
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
