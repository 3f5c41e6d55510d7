import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;
let dir: string;

describe('static files of the standalone server (R12.1)', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>chat</title>');
    await writeFile(join(dir, 'app.js'), 'export {};');
    t = await startTestServer({ server: { staticFiles: { '/': dir, '/vendor': dir } } });
  });
  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves each directory at its path on the API origin, with the API and 404s unchanged', async () => {
    const page = await request(t.url).get('/').expect(200);
    expect([page.type, page.text]).toEqual(['text/html', '<!doctype html><title>chat</title>']);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await request(t.url).get('/vendor/app.js').expect(200);
    expect(script.type).toBe('text/javascript');

    const { token } = await t.login();
    await request(t.url).get('/api/v1/me').auth(token, { type: 'bearer' }).expect(200);
    const missing = await request(t.url).get('/nope.js').expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const missingRoute = await request(t.url).get('/api/v1/nope').expect(404);
    expect(missingRoute.body.error.code).toBe('NOT_FOUND');
  });
});
