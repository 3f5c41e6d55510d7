import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import knex, { type Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { createKnexStore } from '../../src/adapters/store/knex-store.js';
import { parleyMigrationSource } from '../../src/adapters/store/migrations/parley-migration-source.js';
import { serviceUrl } from '../support/services.js';
import { sqliteTestKnex } from '../support/test-store.js';

/** Migrates up to (not including) `migration`, seeds with `seed`, then migrates the rest. */
async function migratedAround(db: Knex, migration: string, seed: (ids: Ids) => Promise<void>): Promise<Ids> {
  const config = { migrationSource: parleyMigrationSource(undefined), tableName: 'parley_migrations' };
  const names = (await config.migrationSource.getMigrations([])).map((m) => m.name);
  for (const _ of names.slice(0, names.indexOf(migration))) await db.migrate.up(config);
  const ids = { userId: randomUUID(), sessionId: randomUUID() };
  await db('users').insert({ id: ids.userId, email: `${ids.userId}@example.com`, created_at: 0 });
  await db('sessions').insert({
    id: ids.sessionId,
    user_id: ids.userId,
    created_at: 0,
    last_activity_at: 0,
    status: 'active',
    last_seq: 1,
  });
  await seed(ids);
  await createKnexStore({ knex: db }).migrate();
  return ids;
}

interface Ids {
  userId: string;
  sessionId: string;
}

/** `0007_retrieval_index` finds a message stored before it. */
async function messagesBackfilled(db: Knex): Promise<number[]> {
  const { userId, sessionId } = await migratedAround(db, '0007_retrieval_index', async (ids) => {
    await db('messages').insert({
      id: randomUUID(),
      session_id: ids.sessionId,
      seq: 1,
      role: 'user',
      content: 'The codename is Blue Heron',
      token_count: 6,
      status: 'complete',
      created_at: 0,
    });
  });
  const store = createKnexStore({ knex: db });
  const hits = await store.retrieval.searchText({ userId, sessionId, beforeSeq: 10, limit: 5 }, ['heron']);
  return hits.map((hit) => hit.seq);
}

/** `0008_kept_results_index` finds a result kept before it, by a word of its title and of its URL. */
async function keptBackfilled(db: Knex): Promise<string[][]> {
  const { userId, sessionId } = await migratedAround(db, '0008_kept_results_index', async (ids) => {
    await db('kept_results').insert({
      session_id: ids.sessionId,
      url: 'https://pay.example/lisbon',
      search_id: randomUUID(),
      title: 'Elixir salaries',
      content: 'Median 62k EUR',
      kept_at: 0,
    });
  });
  const store = createKnexStore({ knex: db });
  const scope = { userId, sessionId, beforeSeq: 1, limit: 5 };
  return Promise.all(
    [['elixir'], ['lisbon']].map(async (terms) =>
      (await store.retrieval.searchKept(scope, terms)).map((hit) => hit.url),
    ),
  );
}

async function onSqlite<T>(run: (db: Knex) => Promise<T>): Promise<T> {
  const { db, dir } = await sqliteTestKnex('parley-backfill-');
  try {
    return await run(db);
  } finally {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

const url = serviceUrl('postgres');

async function onPostgres<T>(run: (db: Knex) => Promise<T>): Promise<T> {
  const schema = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw('CREATE SCHEMA ??', [schema]);
  const db = knex({ client: 'pg', connection: url, searchPath: [schema], pool: { min: 0, max: 2 } });
  try {
    return await run(db);
  } finally {
    await db.destroy();
    await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
    await admin.destroy();
  }
}

describe('0007_retrieval_index indexes the messages stored before it (R6, issue 12)', () => {
  it('on SQLite', async () => {
    expect(await onSqlite(messagesBackfilled)).toEqual([1]);
  });

  it.skipIf(!url)('on PostgreSQL', async () => {
    expect(await onPostgres(messagesBackfilled)).toEqual([1]);
  });
});

describe('0008_kept_results_index indexes the results kept before it (R6.2, issue 12)', () => {
  const both = [['https://pay.example/lisbon'], ['https://pay.example/lisbon']];
  it('on SQLite', async () => {
    expect(await onSqlite(keptBackfilled)).toEqual(both);
  });

  it.skipIf(!url)('on PostgreSQL', async () => {
    expect(await onPostgres(keptBackfilled)).toEqual(both);
  });
});

/** A column of the session row filled by its migration for what was stored before it. */
interface SessionColumn {
  migration: string;
  field: 'keptResults' | 'summaryToSeq';
  what: string;
  seed: (db: Knex, ids: Ids) => Promise<void>;
  /** The seeded session's value, then that of a session created afterwards. */
  expected: [number, number];
}

const SESSION_COLUMNS: SessionColumn[] = [
  {
    migration: '0009_session_kept_results',
    field: 'keptResults',
    what: 'counts the results kept before it (R8, issue 14)',
    seed: (db, ids) =>
      db('kept_results').insert(
        ['https://a.example/', 'https://b.example/'].map((url) => ({
          session_id: ids.sessionId,
          url,
          search_id: randomUUID(),
          title: 'T',
          content: 'C',
          kept_at: 0,
        })),
      ),
    expected: [2, 0],
  },
  {
    migration: '0010_session_summary_to_seq',
    field: 'summaryToSeq',
    what: 'marks where the summaries written before it end (R4.4, issue 14)',
    seed: (db, ids) =>
      db('summaries').insert(
        [20, 40].map((toSeq) => ({
          session_id: ids.sessionId,
          from_seq: 1,
          to_seq: toSeq,
          content: `up to ${toSeq}`,
          token_count: 3,
          created_at: 0,
        })),
      ),
    expected: [40, 0],
  },
];

async function sessionColumn(db: Knex, column: SessionColumn): Promise<number[]> {
  const { userId, sessionId } = await migratedAround(db, column.migration, (ids) => column.seed(db, ids));
  const store = createKnexStore({ knex: db });
  const later = await store.sessions.create({
    id: randomUUID(),
    userId,
    title: null,
    createdAt: new Date(0),
  });
  const values: number[] = [];
  for (const id of [sessionId, later.id])
    values.push((await store.sessions.findById(id))?.[column.field] ?? -1);
  return values;
}

describe.each(SESSION_COLUMNS)('$migration $what', (column) => {
  it('on SQLite', async () => {
    expect(await onSqlite((db) => sessionColumn(db, column))).toEqual(column.expected);
  });

  it.skipIf(!url)('on PostgreSQL', async () => {
    expect(await onPostgres((db) => sessionColumn(db, column))).toEqual(column.expected);
  });
});
