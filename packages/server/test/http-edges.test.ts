import { Writable } from 'node:stream';
import { createLogger } from '@parley/core/internal';
import { ParleyError } from '@parley/core';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toHttpError } from '../src/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer | undefined;
const silent = createLogger('silent');

describe('HTTP edges (R10.3, R12.2)', () => {
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.each([
    [{ status: 400, expose: true }, 422, 'VALIDATION_FAILED'],
    [{ statusCode: 415 }, 422, 'VALIDATION_FAILED'],
    [{ status: 413, type: 'entity.verify.failed' }, 413, 'PAYLOAD_TOO_LARGE'],
    [{ status: 500 }, 500, 'INTERNAL'],
    [{ type: 'something.new' }, 500, 'INTERNAL'],
  ])('maps a body-parser style error %j to %i %s', (fields, status, code) => {
    const { status: mapped, body } = toHttpError(Object.assign(new Error('parser said no'), fields), silent);
    expect([mapped, body.error.code]).toEqual([status, code]);
    expect(body.error.message).not.toContain('parser said no');
  });

  it('answers 503 DB_UNAVAILABLE when the database is not answering', async () => {
    t = await startTestServer();
    const { token } = await t.login();
    vi.spyOn(t.parley.internal.store.sessions, 'list').mockRejectedValue(
      new ParleyError('DB_UNAVAILABLE', 'The database is not answering; retry shortly.'),
    );
    const res = await request(t.url).get('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(503);
    expect(res.body.error.code).toBe('DB_UNAVAILABLE');
  });

  it('logs request URLs with credential-like query values redacted', async () => {
    const chunks: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
      }),
    );
    t = await startTestServer({ parley: { logger } });
    await request(t.url)
      .get(
        '/api/v1/me?token=tok-canary&api_key=key-canary&Password=pw-canary&client_secret=s-canary&jwt=j-canary&page=2',
      )
      .expect(401);
    const lines = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { req?: { url?: string; query?: Record<string, string> } });
    const logged = lines.find((line) => line.req?.url?.startsWith('/api/v1/me'));
    expect(logged?.req?.url).toBe(
      '/api/v1/me?token=[redacted]&api_key=[redacted]&Password=[redacted]&client_secret=[redacted]&jwt=[redacted]&page=2',
    );
    expect(chunks.join('')).not.toMatch(/canary/);
  });
});
