import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createParley } from '../../src/create-parley.js';
import { createLogger } from '../../src/logging/create-logger.js';

function memorySink() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { sink, text: () => lines.join('') };
}

describe('createLogger (R5.6, R10.3)', () => {
  it("redacts through a caller's own logger too, once it is handed to createParley", async () => {
    const { sink, text } = memorySink();
    const parley = await createParley({
      env: { NODE_ENV: 'development', DATABASE_URL: 'sqlite::memory:' },
      logger: pino({ level: 'info' }, sink),
    });
    parley.logger.info(
      { req: { headers: { authorization: 'Bearer SECRET-TOKEN-123' } }, apiKey: 'sk-secret' },
      'request',
    );
    await parley.close();
    expect(text()).toContain('JWT_SECRET is not set');
    expect(text()).toContain('"msg":"request"');
    expect(text()).not.toMatch(/SECRET-TOKEN-123|sk-secret/);
  });

  it('writes JSON lines with secrets redacted wherever the usual keys appear', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        password: 'hunter2-password',
        token: 'eyJ.secret.token',
        apiKey: 'sk-or-secret',
        user: { password: 'nested-password', email: 'ada@example.com' },
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'jwt=abc.def.ghi' } },
      },
      'login attempt',
    );
    const text = lines.join('');
    const entry = JSON.parse(text);
    expect(entry).toMatchObject({
      msg: 'login attempt',
      service: 'parley',
      user: { email: 'ada@example.com' },
    });
    for (const secret of [
      'hunter2-password',
      'eyJ.secret.token',
      'sk-or-secret',
      'nested-password',
      'abc.def.ghi',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(entry.password).toBe('[redacted]');
    expect(entry.req.headers.authorization).toBe('[redacted]');
  });
});
