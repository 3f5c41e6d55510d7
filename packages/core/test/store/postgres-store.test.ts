import { randomUUID } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createKnexInstance } from '../../src/adapters/store/create-knex-instance.js';
import { createKnexStore } from '../../src/adapters/store/knex-store.js';
import { parleyMigrationSource } from '../../src/adapters/store/migrations/parley-migration-source.js';
import { emptyRequirementsState } from '../../src/domain/requirements/requirements-state.js';
import type { ParleyConfig } from '../../src/config/parley-config.js';
import { describeWith } from '../support/services.js';
import { createTestStore } from '../support/test-store.js';
import { newMessage, newSession, newUser, storeContract } from './store-contract.js';

describeWith('postgres', 'PostgreSQL store', (url) => {
  storeContract('postgres (search_path)', () => createTestStore('postgres', url));
  storeContract('postgres (schema option)', () => createTestStore('postgres', url, { schemaOption: true }));

  const pgConfig = (poolMax: number, queueTimeoutMs: number): ParleyConfig['database'] => ({
    url,
    client: 'postgres',
    poolMax,
    connectTimeoutMs: 2_000,
    queueTimeoutMs,
    statementTimeoutMs: 10_000,
    preparedStatements: true,
  });

  describe('PostgreSQL store built from configuration', () => {
    it('answers ping and closes the pool it created', async () => {
      const store = createKnexStore({ database: pgConfig(2, 2_000) });
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });

    it('turns an exhausted pool into an error after queueTimeoutMs instead of hanging', async () => {
      const db = createKnexInstance(pgConfig(1, 300), pino({ level: 'silent' }));
      const held = await db.transaction();
      try {
        await expect(db.raw('select 1')).rejects.toMatchObject({ name: 'KnexTimeoutError' });
      } finally {
        await held.rollback();
        await db.destroy();
      }
    });

    it.each([
      [true, 3],
      [false, 0],
    ])(
      'sends the append, the requirements save and the page read as named prepared statements when preparedStatements is %s (%i kept on the connection)',
      async (preparedStatements, kept) => {
        const schema = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
        const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
        await db.raw('CREATE SCHEMA ??', [schema]);
        try {
          const store = createKnexStore({ knex: db, schema, preparedStatements });
          await store.migrate();
          const session = await newSession(store, (await newUser(store)).id);
          for (const content of ['first', 'second'])
            await store.messages.append(newMessage(session.id, { content }));
          const saved = await store.requirements.save({
            sessionId: session.id,
            expectedVersion: 0,
            state: emptyRequirementsState(),
            by: ['user'],
            reason: 'test',
            changes: [],
            at: new Date(),
          });
          expect(saved.version).toBe(1);
          expect(
            (await store.messages.page(session.id, { limit: 10, order: 'asc' })).map((m) => m.seq),
          ).toEqual([1, 2]);
          // One pooled connection: the statements it keeps prepared are the store's.
          const prepared: { rows: { name: string }[] } = await db.raw(
            "select name from pg_prepared_statements where name like 'parley\\_%'",
          );
          expect(prepared.rows).toHaveLength(kept);
        } finally {
          await db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
          await db.destroy();
        }
      },
    );

    it('lets two processes migrate a fresh schema at the same time: both succeed, each migration runs once', async () => {
      const schema = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
      await admin.raw('CREATE SCHEMA ??', [schema]);
      const processes: Knex[] = [0, 1].map(() =>
        knex({ client: 'pg', connection: url, searchPath: [schema], pool: { min: 0, max: 4 } }),
      );
      try {
        await Promise.all(processes.map((db) => createKnexStore({ knex: db }).migrate()));
        const [row] = (await admin.withSchema(schema).from('parley_migrations').count({ n: '*' })) as {
          n: string;
        }[];
        const shipped = await parleyMigrationSource(undefined).getMigrations([]);
        expect(Number(row?.n)).toBe(shipped.length);
        expect(
          await createKnexStore({ knex: processes[1] as Knex }).leases.acquire('x', 'a', new Date(0), 1),
        ).toBe(true);
      } finally {
        await Promise.all(processes.map((db) => db.destroy()));
        await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
        await admin.destroy();
      }
    });
  });
});
