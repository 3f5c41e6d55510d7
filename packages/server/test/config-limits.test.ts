import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createParleyRouter, createParleyServer } from '../src/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer | undefined;
const api = (path: string) => `/api/v1${path}`;

describe('limits and origins from the configuration (R10.1, R10.5)', () => {
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('applies RATE_LIMIT_* from the config to the standalone server', async () => {
    t = await startTestServer({
      config: { rateLimits: { httpPerIp: { points: 2, durationSeconds: 60 } } },
    });
    await request(t.url).get(api('/me')).expect(401);
    await request(t.url).get(api('/me')).expect(401);
    const limited = await request(t.url).get(api('/me')).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'httpPerIp' } });
  });

  it('allows cookie changes and sockets from CORS_ORIGINS and the same scheme and host, refusing another scheme', async () => {
    t = await startTestServer({ config: { cors: { origins: ['https://app.example.com'] } } });
    const { token, cookie } = await t.login();
    const post = (origin: string) =>
      request(t!.url).post(api('/sessions')).set('Cookie', cookie).set('Origin', origin).send({});
    expect((await post('https://app.example.com')).status).toBe(201);
    expect((await post(t.url)).status).toBe(201);
    for (const origin of [
      'http://app.example.com',
      t.url.replace('http:', 'https:'),
      'https://evil.example',
    ]) {
      const refused = await post(origin);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN_ORIGIN']);
    }
    const listed = await request(t.url).get(api('/sessions')).auth(token, { type: 'bearer' }).expect(200);
    expect(listed.body.data.sessions).toHaveLength(2);

    await expect(
      t.socket(token, { extraHeaders: { origin: 'https://app.example.com' } }),
    ).resolves.toBeDefined();
    await expect(
      t.socket(token, { extraHeaders: { origin: t.url.replace('http:', 'https:') } }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN_ORIGIN' } });
  });

  it('refuses "*" as an allowed origin with CONFIG_INVALID, for the server and the embedded router', async () => {
    t = await startTestServer();
    expect(() => createParleyServer(t!.parley, { corsOrigins: ['*'], redis: false })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => express().use(createParleyRouter(t!.parley, { allowedOrigins: ['*'] }))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
