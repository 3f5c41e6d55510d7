import type { ParleyConfigInput } from '@parley/core';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer | undefined;
const OPS_TOKEN = 'ops-token-for-the-tests';

async function start(ops: ParleyConfigInput['ops'] = {}, opsPerIp = 1_000) {
  t = await startTestServer({
    config: { llm: { baseUrl: 'http://127.0.0.1:9/v1' }, ops },
    server: { rateLimit: { opsPerIp: { points: opsPerIp, durationSeconds: 60 } } },
  });
  return t;
}

describe('operations routes (R10.2, R10.4)', () => {
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('answers 50 readiness requests with one round of probes, and probes again once the clock moved on', async () => {
    const server = await start();
    const ping = vi.spyOn(server.parley.internal.llm, 'ping').mockResolvedValue();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => request(server.url).get('/health/ready')),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(50).fill(200));
    expect(ping).toHaveBeenCalledTimes(1);
    server.clock.advance(5_000);
    await request(server.url).get('/health/ready').expect(200);
    expect(ping).toHaveBeenCalledTimes(2);
  });

  it('shows a generic reason for a failing dependency, never the raw connection error', async () => {
    const server = await start();
    vi.spyOn(server.parley.internal.llm, 'ping').mockRejectedValue(
      new Error('connect ECONNREFUSED 10.1.2.3:443'),
    );
    const res = await request(server.url).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'degraded', checks: { llm: { error: 'unavailable' } } });
    expect(JSON.stringify(res.body)).not.toContain('ECONNREFUSED');
  });

  it('rate-limits the operations routes per IP with RATE_LIMITED', async () => {
    const server = await start({}, 3);
    for (const path of ['/health/live', '/health/ready', '/metrics'])
      await request(server.url).get(path).expect(200);
    const res = await request(server.url).get('/health/live').expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('with OPS_TOKEN, serves metrics and readiness details only to its bearer', async () => {
    const server = await start({ token: OPS_TOKEN });
    const anonymous = await request(server.url).get('/metrics').expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const wrong = await request(server.url).get('/metrics').auth('not-the-ops-token', { type: 'bearer' });
    expect(wrong.status).toBe(401);
    await request(server.url).get('/metrics').auth(OPS_TOKEN, { type: 'bearer' }).expect(200);

    const bare = await request(server.url).get('/health/ready').expect(200);
    expect(bare.body).toEqual({ status: expect.any(String) });
    const detailed = await request(server.url).get('/health/ready').auth(OPS_TOKEN, { type: 'bearer' });
    expect(detailed.body.checks.database.status).toBe('up');
  });

  it('with OPS_PORT, serves metrics and details on that port only; the public port keeps status-only probes', async () => {
    const server = await start({ port: 0 });
    const opsUrl = server.opsUrl;
    expect(opsUrl).toMatch(/^http:/);
    await request(server.url).get('/metrics').expect(404);
    const publicReady = await request(server.url).get('/health/ready').expect(200);
    expect(publicReady.body).toEqual({ status: expect.any(String) });
    await request(server.url).get('/health/live').expect(200);

    await request(opsUrl!).get('/metrics').expect(200);
    const opsReady = await request(opsUrl!).get('/health/ready').expect(200);
    expect(opsReady.body.checks.database.status).toBe('up');
  });
});
