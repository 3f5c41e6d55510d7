import type { TrustProxy } from '@parley/core/config';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer | undefined;

async function start(trustProxy: TrustProxy) {
  t = await startTestServer({
    config: { trustProxy, sockets: { perIp: 1, perUser: 10 } },
    server: { rateLimit: { opsPerIp: { points: 2, durationSeconds: 60 } } },
  });
  return t;
}
const live = (server: TestServer, forwardedFor: string) =>
  request(server.url).get('/health/live').set('X-Forwarded-For', forwardedFor);

describe('TRUST_PROXY (R10.5)', () => {
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('with one trusted hop, gives each forwarded client its own per-IP budget, HTTP and sockets alike', async () => {
    const server = await start(1);
    for (const ip of ['203.0.113.1', '203.0.113.1']) await live(server, ip).expect(200);
    expect((await live(server, '203.0.113.1')).body.error.code).toBe('RATE_LIMITED');
    await live(server, '203.0.113.2').expect(200);

    const { token } = await server.login();
    const forwarded = (ip: string) => ({ extraHeaders: { 'x-forwarded-for': ip } });
    await server.socket(token, forwarded('198.51.100.1'));
    await server.socket(token, forwarded('198.51.100.2'));
    await expect(server.socket(token, forwarded('198.51.100.1'))).rejects.toMatchObject({
      data: { code: 'TOO_MANY_SOCKETS', details: { limit: 'perIp' } },
    });
  });

  it('without trusted proxies, ignores a spoofed X-Forwarded-For', async () => {
    const server = await start(false);
    await live(server, '203.0.113.1').expect(200);
    await live(server, '203.0.113.2').expect(200);
    expect((await live(server, '203.0.113.3')).status).toBe(429);

    const { token } = await server.login();
    await server.socket(token, { extraHeaders: { 'x-forwarded-for': '198.51.100.1' } });
    await expect(
      server.socket(token, { extraHeaders: { 'x-forwarded-for': '198.51.100.2' } }),
    ).rejects.toMatchObject({ data: { code: 'TOO_MANY_SOCKETS' } });
  });

  it('trusts a CIDR list only for proxies inside it', async () => {
    const server = await start(['10.0.0.0/8']);
    await live(server, '203.0.113.1').expect(200);
    await live(server, '203.0.113.2').expect(200);
    expect((await live(server, '203.0.113.3')).status).toBe(429);
  });
});
