import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { createKnexInstance } from '../../src/adapters/store/create-knex-instance.js';
import { createKnexStore } from '../../src/adapters/store/knex-store.js';
import type { Store } from '../../src/ports/store.js';
import { serviceUrl } from './services.js';

/** A migrated store on its own database file or PostgreSQL schema, and how to throw it away. */
export interface TestStore {
  store: Store;
  /** The caller-owned knex behind `store`, for seeding and inspecting in adapter tests. */
  knex: Knex;
  /** A builder on one of the store's tables (schema-qualified when needed), for seeding test data. */
  table(name: string): Knex.QueryBuilder;
  /** The database's query plan for `sql` (as knex's `query` event reports it), one line per node. */
  planOf(sql: string, bindings: readonly unknown[]): Promise<string>;
  cleanup(): Promise<void>;
}

export interface TestStoreOptions {
  /** PostgreSQL only: qualify tables through the store's `schema` option instead of the search_path. */
  schemaOption?: boolean;
}

/**
 * A fresh, migrated store for tests on either database: SQLite in a temp file, PostgreSQL in a
 * new `parley_test_*` schema dropped by `cleanup()`, so parallel test files never share rows.
 */
export async function createTestStore(
  kind: 'sqlite' | 'postgres',
  url?: string,
  options: TestStoreOptions = {},
): Promise<TestStore> {
  return kind === 'sqlite' ? createSqliteTestStore() : createPostgresTestStore(url, options);
}

/** A knex on a fresh SQLite file in its own temp directory (not migrated), and that directory. */
export async function sqliteTestKnex(prefix = 'parley-store-'): Promise<{ db: Knex; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const filename = join(dir, 'parley.db');
  const db = createKnexInstance({
    url: `sqlite:${filename}`,
    client: 'sqlite',
    filename,
    poolMax: 1,
    connectTimeoutMs: 30_000,
    queueTimeoutMs: 60_000,
    statementTimeoutMs: 30_000,
    preparedStatements: true,
  });
  return { db, dir };
}

async function createSqliteTestStore(): Promise<TestStore> {
  const { db, dir } = await sqliteTestKnex();
  const store = createKnexStore({ knex: db });
  await store.migrate();
  return {
    store,
    knex: db,
    table: (name) => db(name),
    async planOf(sql, bindings) {
      const rows: { detail: string }[] = await db.raw(
        `EXPLAIN QUERY PLAN ${sql}`,
        bindings as Knex.RawBinding[],
      );
      return rows.map((row) => row.detail).join('\n');
    },
    async cleanup() {
      await store.close();
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresTestStore(
  url: string | undefined,
  options: TestStoreOptions,
): Promise<TestStore> {
  const connection = url ?? serviceUrl('postgres');
  if (!connection) throw new Error('createTestStore("postgres") needs a URL or PARLEY_TEST_POSTGRES_URL.');
  const schema = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const db = knex({
    client: 'pg',
    connection,
    pool: { min: 0, max: 10 },
    ...(options.schemaOption ? {} : { searchPath: [schema] }),
  });
  await db.raw('CREATE SCHEMA ??', [schema]);
  const store = createKnexStore(options.schemaOption ? { knex: db, schema } : { knex: db });
  await store.migrate();
  return {
    store,
    knex: db,
    table: (name) => (options.schemaOption ? db(name).withSchema(schema) : db(name)),
    async planOf(sql, bindings) {
      // Fresh statistics, as autovacuum would have them on a real table after a bulk load.
      await db.raw('ANALYZE ??', [`${schema}.messages`]);
      // knex reports PostgreSQL's $n placeholders; knex.raw wants ?.
      const result: { rows: { 'QUERY PLAN': string }[] } = await db.raw(
        `EXPLAIN ${sql.replace(/\$\d+/g, '?')}`,
        bindings as Knex.RawBinding[],
      );
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    },
    async cleanup() {
      await store.close();
      await db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await db.destroy();
    },
  };
}
