import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import knex, { type Knex } from 'knex';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createKnexStore } from '../../src/adapters/store/knex-store.js';
import { sqliteClient } from '../../src/adapters/store/sqlite-client.js';
import { sqliteWrite } from '../../src/adapters/store/sqlite-write.js';
import { emptyRequirementsState } from '../../src/domain/requirements/requirements-state.js';
import type { ParleyConfig } from '../../src/config/parley-config.js';
import type { NewMessage, Store } from '../../src/ports/store.js';
import { expectCode } from '../services/expect-code.js';
import { createTestStore } from '../support/test-store.js';
import { storeContract } from './store-contract.js';

storeContract('sqlite', () => createTestStore('sqlite'));

/** A session's first message, 'hi' from the user. */
const firstMessage = (sessionId: string): NewMessage => ({
  id: 'm1',
  sessionId,
  role: 'user',
  content: 'hi',
  tokenCount: 1,
  status: 'complete',
  usage: null,
  toolCalls: null,
  toolCallId: null,
  createdAt: new Date(1),
});

/** User `u1` with session `s1`. */
async function seedSession(store: Store): Promise<void> {
  await store.users.create({
    id: 'u1',
    email: 'a@example.com',
    passwordHash: null,
    displayName: null,
    createdAt: new Date(0),
  });
  await store.sessions.create({ id: 's1', userId: 'u1', title: null, createdAt: new Date(0) });
}

/** A knex on `filename` with one connection: another process's, or a store's own. */
const oneConnection = (client: Knex.Config['client'], filename: string): Knex =>
  knex({ client, connection: { filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } });

/**
 * Runs `test` with a store on a fresh SQLite file, through Parley's client with `busyMs` of busy
 * wait given as a caller-owned knex (`db`), then closes both and removes the file.
 */
async function onSqliteFile(
  busyMs: number,
  test: (file: { db: Knex; store: Store; filename: string }) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-file-'));
  const filename = join(dir, 'parley.db');
  const db = oneConnection(sqliteClient(busyMs), filename);
  const store = createKnexStore({ knex: db });
  try {
    await test({ db, store, filename });
  } finally {
    await store.close();
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

const sqliteConfig = (filename: string): ParleyConfig['database'] => ({
  url: `sqlite:${filename}`,
  client: 'sqlite',
  filename,
  poolMax: 1,
  connectTimeoutMs: 5_000,
  queueTimeoutMs: 60_000,
  statementTimeoutMs: 10_000,
  preparedStatements: true,
});

describe('SQLite store built from configuration', () => {
  it('creates the parent directory, enables WAL and foreign keys, logs the migration and closes its own pool', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-owned-'));
    const filename = join(dir, 'not', 'yet', 'there', 'parley.db');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const store = createKnexStore({ database: sqliteConfig(filename), logger });
    try {
      await store.migrate();
      expect(lines.map((line) => JSON.parse(line) as { msg: string; migrations?: string[] })).toContainEqual(
        expect.objectContaining({
          msg: 'database schema migrated',
          migrations: expect.arrayContaining([
            '0001_initial_schema',
            '0002_message_tool_calls',
            '0003_requirements',
            '0004_search_runs',
            '0005_revoked_tokens',
            '0006_user_memory',
            '0007_retrieval_index',
            '0008_kept_results_index',
          ]),
        }),
      );
      await expect(
        store.sessions.create({ id: 's1', userId: 'nobody', title: null, createdAt: new Date() }),
      ).rejects.toThrow(/FOREIGN KEY/);

      const inspector = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
      const [mode] = (await inspector.raw('PRAGMA journal_mode')) as { journal_mode: string }[];
      await inspector.destroy();
      expect(mode?.journal_mode).toBe('wal');

      await store.close();
      await expect(store.ping()).rejects.toThrow();
      await expect(store.close()).resolves.toBeUndefined();
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('works in memory, keeping the one connection that holds the database', async () => {
    const store = createKnexStore({ database: sqliteConfig(':memory:') });
    try {
      await store.migrate();
      const user = await store.users.create({
        id: 'u1',
        email: 'a@example.com',
        passwordHash: null,
        displayName: null,
        createdAt: new Date(0),
      });
      const session = await store.sessions.create({
        id: 's1',
        userId: 'u1',
        title: null,
        createdAt: new Date(0),
      });
      expect((await store.messages.append(firstMessage(session.id))).seq).toBe(1);
      expect(await store.users.findById('u1')).toEqual(user);
    } finally {
      await store.close();
    }
  });

  it('answers reads while its writer waits for the database, and sees each write once it is stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-readers-'));
    const filename = join(dir, 'parley.db');
    const store = createKnexStore({ database: sqliteConfig(filename) });
    const other = oneConnection('better-sqlite3', filename);
    try {
      await store.migrate();
      await seedSession(store);
      // Another process holds the write lock, so the store's single writer waits in busy_timeout.
      await other.raw('BEGIN IMMEDIATE');
      let appended = false;
      const append = store.messages.append(firstMessage('s1')).then((message) => {
        appended = true;
        return message;
      });

      expect((await store.sessions.findById('s1'))?.lastSeq).toBe(0);
      expect(await store.messages.page('s1', { limit: 10, order: 'asc' })).toEqual([]);
      expect(appended).toBe(false);

      await other.raw('COMMIT');
      expect((await append).seq).toBe(1);
      expect((await store.sessions.findById('s1'))?.lastSeq).toBe(1);
      expect((await store.messages.page('s1', { limit: 10, order: 'asc' })).map((m) => m.id)).toEqual(['m1']);
    } finally {
      await other.destroy();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Requirements version 1 of `sessionId` (or, with `expectedVersion`, the version after it). */
const requirementsVersion = (sessionId: string, expectedVersion = 0) => ({
  sessionId,
  expectedVersion,
  state: emptyRequirementsState(),
  by: ['user' as const],
  reason: 'edit',
  changes: [],
  at: new Date(0),
});

describe('SQLite writes past the busy wait', () => {
  it('answers DB_UNAVAILABLE for a message and a requirements version once another process holds the lock too long, storing nothing', async () => {
    // Parley's client with a 20 ms busy wait.
    await onSqliteFile(20, async ({ db, store, filename }) => {
      const other = oneConnection('better-sqlite3', filename);
      try {
        await store.migrate();
        await db.raw('PRAGMA journal_mode = WAL');
        await seedSession(store);
        await other.raw('BEGIN IMMEDIATE');
        await expectCode(store.messages.append(firstMessage('s1')), 'DB_UNAVAILABLE');
        await expectCode(store.requirements.save(requirementsVersion('s1')), 'DB_UNAVAILABLE');
        // Issued together they share one transaction, which waits and fails as one.
        await Promise.all([
          expectCode(store.messages.append(firstMessage('s1')), 'DB_UNAVAILABLE'),
          expectCode(store.messages.append({ ...firstMessage('s1'), id: 'm2' }), 'DB_UNAVAILABLE'),
        ]);
        await other.raw('ROLLBACK');
        expect(await store.messages.page('s1', { limit: 10, order: 'asc' })).toEqual([]);
        expect((await store.sessions.findById('s1'))?.lastSeq).toBe(0);
        expect(await store.requirements.get('s1')).toBeUndefined();
        expect((await store.messages.append(firstMessage('s1'))).seq).toBe(1);
      } finally {
        await other.destroy();
      }
    });
  });
});

describe('SQLite group commit (writes issued in the same turn of the event loop)', () => {
  it('commits them in one transaction in the order issued; a refused append and a version conflict are undone alone, the others kept', async () => {
    await onSqliteFile(5_000, async ({ db, store, filename }) => {
      await store.migrate();
      await seedSession(store);
      await store.sessions.create({ id: 's2', userId: 'u1', title: null, createdAt: new Date(0) });
      await store.sessions.create({ id: 's3', userId: 'u1', title: null, createdAt: new Date(0) });
      await store.sessions.setStatus('s3', 'closed', new Date(1));
      const message = (id: string, sessionId: string): NewMessage => ({ ...firstMessage(sessionId), id });
      const active = { activeAfter: new Date(-1) };
      // Seen from another connection while the shared transaction is open: the first append is not committed yet.
      const probe = new Database(filename, { readonly: true });
      const seen = (writer: Database.Database) => ({
        writerSees: writer.prepare('select count(*) as n from messages').get() as { n: number },
        othersSee: probe.prepare('select count(*) as n from messages').get() as { n: number },
      });
      const committedBeforeProbe = sqliteWrite(db, seen);

      const writes = [
        store.messages.append(message('m1', 's1'), active),
        store.messages.append(message('m2', 's2'), active),
        store.messages.append(message('m3', 's3'), active),
        store.messages.append(message('m4', 's1'), active),
        store.requirements.save(requirementsVersion('s1', 3)),
        store.requirements.save(requirementsVersion('s2')),
      ];
      const probed = sqliteWrite(db, seen);
      const [m1, m2, m3, m4, conflict, saved] = await Promise.allSettled(writes);

      expect(await committedBeforeProbe).toEqual({ writerSees: { n: 0 }, othersSee: { n: 0 } });
      expect(await probed).toEqual({ writerSees: { n: 3 }, othersSee: { n: 0 } });
      probe.close();
      expect(m1).toMatchObject({ status: 'fulfilled', value: { id: 'm1', seq: 1 } });
      expect(m2).toMatchObject({ status: 'fulfilled', value: { id: 'm2', seq: 1 } });
      expect(m3).toMatchObject({ status: 'rejected', reason: { code: 'SESSION_CLOSED' } });
      expect(m4).toMatchObject({ status: 'fulfilled', value: { id: 'm4', seq: 2 } });
      expect(conflict).toMatchObject({ status: 'rejected', reason: { code: 'VERSION_CONFLICT' } });
      expect(saved).toMatchObject({ status: 'fulfilled', value: { sessionId: 's2', version: 1 } });

      expect((await store.messages.page('s1', { limit: 10, order: 'asc' })).map((m) => m.id)).toEqual([
        'm1',
        'm4',
      ]);
      expect((await store.messages.page('s2', { limit: 10, order: 'asc' })).map((m) => m.id)).toEqual(['m2']);
      expect(await store.messages.page('s3', { limit: 10, order: 'asc' })).toEqual([]);
      expect((await store.sessions.findById('s3'))?.lastSeq).toBe(0);
      expect(await store.requirements.get('s1')).toBeUndefined();
      expect((await store.requirements.get('s2'))?.version).toBe(1);
    });
  });

  it('runs every write again alone when one of them ends the shared transaction, so each caller gets its own outcome', async () => {
    await onSqliteFile(5_000, async ({ db }) => {
      await db.raw('create table notes (text text not null)');
      const note = (text: string) => (writer: Database.Database) =>
        writer.prepare('insert into notes (text) values (?)').run(text).changes;
      const results = await Promise.allSettled([
        sqliteWrite(db, note('a')),
        // What SQLite does to a transaction on a full disk or an I/O error: rolls all of it back.
        sqliteWrite(db, (writer) => {
          writer.exec('ROLLBACK');
          throw new Error('transaction lost');
        }),
        sqliteWrite(db, note('c')),
      ]);

      expect(results).toMatchObject([
        { status: 'fulfilled', value: 1 },
        { status: 'rejected', reason: { message: 'transaction lost' } },
        { status: 'fulfilled', value: 1 },
      ]);
      expect((await db('notes').select('text')).map((row: { text: string }) => row.text)).toEqual(['a', 'c']);
    });
  });
});

describe('a caller-owned knex instance', () => {
  it('is refused unless it runs on PostgreSQL or better-sqlite3 (the sqlite3 driver is not spoken any more)', () => {
    const sqlite3 = { client: { dialect: 'sqlite3', driverName: 'sqlite3' } } as unknown as Knex;
    expect(() => createKnexStore({ knex: sqlite3 })).toThrow(
      /PostgreSQL client \('pg'\) or 'better-sqlite3'/,
    );
  });
});

describe("Parley's SQLite client reading rows", () => {
  it('gives the rows better-sqlite3 itself gives: names, a repeated name, nulls, blobs, safe integers, returning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-rows-'));
    const filename = join(dir, 'rows.db');
    const db = oneConnection(sqliteClient(1_000), filename);
    const plain = new Database(filename);
    try {
      await db.raw('create table t (id integer primary key, name text, data blob, big integer)');
      const inserted = await db('t')
        .insert([
          { name: 'a', data: Buffer.from([1, 2]), big: 2 ** 53 + 2 },
          { name: null, data: null, big: 7 },
        ])
        .returning(['id', 'name']);
      expect(inserted).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: null },
      ]);
      const sql = 'select id, name as label, data, big, 1 as label from t order by id';
      const ours = (await db.raw(sql)) as unknown[];
      expect(ours).toEqual(plain.prepare(sql).all());
      expect(ours).toEqual([
        { id: 1, label: 1, data: Buffer.from([1, 2]), big: 2 ** 53 + 2 },
        { id: 2, label: 1, data: null, big: 7 },
      ]);
      const safe = await db('t').select('big').orderBy('id').options({ safeIntegers: true });
      expect(safe).toEqual([{ big: 9007199254740994n }, { big: 7n }]);
      expect(await db('t').select('big').where('id', 2)).toEqual([{ big: 7 }]);
      // Another connection rebuilds the table: SQLite prepares the cached `select *` again, and the
      // rows carry the new columns.
      expect(await db.raw('select * from t where id = 2')).toEqual([
        { id: 2, name: null, data: null, big: 7 },
      ]);
      plain.exec(
        "drop table t; create table t (big integer, id integer primary key, extra text); insert into t values (5, 2, 'new')",
      );
      expect(await db.raw('select * from t where id = 2')).toEqual([{ big: 5, id: 2, extra: 'new' }]);
      plain.exec('drop table t; create table t (id integer primary key, name text, data blob, big integer)');
      plain.prepare('insert into t values (?, ?, ?, ?)').run(1, 'a', Buffer.from([1, 2]), 2 ** 53 + 2);
      // The statement stays shared with callers that read objects (sqliteWrite): raw mode is off again.
      const connection = (await db.client.acquireConnection()) as Database.Database;
      try {
        expect(connection.prepare(sql).get()).toEqual({
          id: 1,
          label: 1,
          data: Buffer.from([1, 2]),
          big: 2 ** 53 + 2,
        });
      } finally {
        await db.client.releaseConnection(connection);
      }
    } finally {
      plain.close();
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
