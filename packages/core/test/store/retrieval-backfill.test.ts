import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { createKnexInstance } from '../../src/adapters/store/create-knex-instance.js';
import { createKnexStore } from '../../src/adapters/store/knex-store.js';
import { parleyMigrationSource } from '../../src/adapters/store/migrations/parley-migration-source.js';
import { serviceUrl } from '../support/services.js';

/** Migrates up to (not including) `0007_retrieval_index`, stores a message, then migrates the rest. */
async function backfilled(db: Knex): Promise<number[]> {
  const config = { migrationSource: parleyMigrationSource(undefined), tableName: 'parley_migrations' };
  const names = (await config.migrationSource.getMigrations([])).map((m) => m.name);
  for (const _ of names.slice(0, names.indexOf('0007_retrieval_index'))) await db.migrate.up(config);
  const userId = randomUUID();
  const sessionId = randomUUID();
  await db('users').insert({ id: userId, email: `${userId}@example.com`, created_at: 0 });
  await db('sessions').insert({
    id: sessionId,
    user_id: userId,
    created_at: 0,
    last_activity_at: 0,
    status: 'active',
    last_seq: 1,
  });
  await db('messages').insert({
    id: randomUUID(),
    session_id: sessionId,
    seq: 1,
    role: 'user',
    content: 'The codename is Blue Heron',
    token_count: 6,
    status: 'complete',
    created_at: 0,
  });
  const store = createKnexStore({ knex: db });
  await store.migrate();
  const hits = await store.retrieval.searchText({ userId, sessionId, beforeSeq: 10, limit: 5 }, ['heron']);
  return hits.map((hit) => hit.seq);
}

describe('0007_retrieval_index indexes the messages stored before it (R6, issue 12)', () => {
  it('on SQLite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-backfill-'));
    const filename = join(dir, 'parley.db');
    const db = createKnexInstance({
      url: `sqlite:${filename}`,
      client: 'sqlite',
      filename,
      poolMax: 1,
      connectTimeoutMs: 30_000,
      statementTimeoutMs: 10_000,
    });
    try {
      expect(await backfilled(db)).toEqual([1]);
    } finally {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });

  const url = serviceUrl('postgres');
  it.skipIf(!url)('on PostgreSQL', async () => {
    const schema = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    await admin.raw('CREATE SCHEMA ??', [schema]);
    const db = knex({ client: 'pg', connection: url, searchPath: [schema], pool: { min: 0, max: 2 } });
    try {
      expect(await backfilled(db)).toEqual([1]);
    } finally {
      await db.destroy();
      await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await admin.destroy();
    }
  });
});
