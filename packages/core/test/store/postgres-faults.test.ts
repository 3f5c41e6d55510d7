import { randomUUID } from 'node:crypto';
import knex from 'knex';
import pino from 'pino';
import { expect, it } from 'vitest';
import { createScryptPasswordHasher } from '../../src/adapters/crypto/scrypt-password-hasher.js';
import { createKnexInstance } from '../../src/adapters/store/create-knex-instance.js';
import { toDatabaseError } from '../../src/adapters/store/database-unavailable.js';
import { createParley } from '../../src/create-parley.js';
import { loadConfig } from '../../src/config/load-config.js';
import { expectCode } from '../services/expect-code.js';
import { describeWith } from '../support/services.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

describeWith('postgres', 'PostgreSQL faults (R10.2, R13)', (url) => {
  it('applies DATABASE_STATEMENT_TIMEOUT_MS on the server and answers a statement past it with DB_UNAVAILABLE', async () => {
    const config = loadConfig({ DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_MS: 200 });
    const db = createKnexInstance(config.database);
    try {
      const shown = (await db.raw('show statement_timeout')) as { rows: { statement_timeout: string }[] };
      expect(shown.rows[0]?.statement_timeout).toBe('200ms');
      const failure = await db.raw('select pg_sleep(5)').catch((error: unknown) => toDatabaseError(error));
      expect(failure).toMatchObject({ code: 'DB_UNAVAILABLE' });
    } finally {
      await db.destroy();
    }
  });

  it('queues a call behind a busy pool past DATABASE_CONNECT_TIMEOUT_MS: the wait for a pooled connection is load, not an outage', async () => {
    const config = loadConfig({ DATABASE_URL: url, DATABASE_POOL_MAX: 1, DATABASE_CONNECT_TIMEOUT_MS: 100 });
    expect(config.database.queueTimeoutMs).toBe(60_000);
    const db = createKnexInstance(config.database);
    try {
      // The only connection stays busy five times longer than DATABASE_CONNECT_TIMEOUT_MS.
      const busy = db.raw('select pg_sleep(0.5)').then(() => 'slept');
      const queued = (await db.raw('select 1 as one')) as { rows: unknown[] };
      expect(queued.rows).toEqual([{ one: 1 }]);
      expect(await busy).toBe('slept');
    } finally {
      await db.destroy();
    }
  });

  it('answers DB_UNAVAILABLE when the network to the database hangs or is cut, and keeps what was stored', async () => {
    const target = new URL(url);
    const schema = `parley_fault_${randomUUID().replaceAll('-', '')}`;
    const admin = knex({ client: 'pg', connection: url });
    await admin.raw('CREATE SCHEMA ??', [schema]);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(url);
    proxied.port = String(proxy.port);
    proxied.searchParams.set('options', `-c search_path=${schema}`);
    const parley = await createParley({
      env: {
        NODE_ENV: 'test',
        JWT_SECRET: 'fault-test-secret-that-is-32-characters',
        DATABASE_URL: proxied.toString(),
        DATABASE_STATEMENT_TIMEOUT_MS: 300,
        DATABASE_CONNECT_TIMEOUT_MS: 300,
      },
      logger: pino({ level: 'silent' }),
      passwordHasher: createScryptPasswordHasher({ N: 2 ** 10 }),
    });
    try {
      const user = await parley.auth.register({ email: 'ada@example.com', password: 'long enough pw' });
      const kept = await parley.sessions.create(user.id);

      proxy.hang();
      await expectCode(parley.sessions.create(user.id), 'DB_UNAVAILABLE');
      await expectCode(parley.auth.getUser(user.id), 'DB_UNAVAILABLE');
      const ready = await parley.health.check();
      expect(ready).toMatchObject({ status: 'down', checks: { database: { status: 'down' } } });
      expect(JSON.stringify(ready)).not.toMatch(/timeout|ECONN|127\.0\.0\.1/i);

      const sessions = await admin.withSchema(schema).from('sessions').select('id');
      expect(sessions).toEqual([{ id: kept.id }]);
      expect(await admin.withSchema(schema).from('users').count({ n: '*' })).toEqual([{ n: '1' }]);

      await proxy.close();
      await expectCode(parley.sessions.list(user.id), 'DB_UNAVAILABLE');
    } finally {
      await proxy.close();
      await parley.close();
      await admin.raw('DROP SCHEMA ?? CASCADE', [schema]);
      await admin.destroy();
    }
  });
});
