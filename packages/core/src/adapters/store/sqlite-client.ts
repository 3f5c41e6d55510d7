import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import type { Database, Statement } from 'better-sqlite3';
import type { Knex } from 'knex';
import { LRUCache } from 'lru-cache';

/** Prepared statements kept per connection; knex's SQL for one query shape is the same string every time. */
const STATEMENT_CACHE_SIZE = 256;
/**
 * Lock errors that clear once another connection commits; anything else is the caller's to see.
 * Not `SQLITE_BUSY_SNAPSHOT`: a transaction that read before another connection wrote cannot
 * write until it starts again. (A deferred transaction upgrading to a write gets plain
 * `SQLITE_BUSY` without SQLite's busy handler; waiting here is what `busy_timeout` would not do.)
 */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_RECOVERY']);
/** Waits between attempts on a locked database, the last one repeated until the deadline. */
const BUSY_BACKOFF_MS = [1, 2, 5, 10, 25, 50];

/** What knex hands a dialect's `_query` and reads back from it. */
interface KnexQuery {
  sql: string;
  bindings?: unknown[];
  options?: unknown;
  response?: unknown;
}

/** The part of knex's better-sqlite3 dialect this module extends (knex ships no typings for it). */
interface KnexSqliteDialect {
  acquireRawConnection(): Promise<Database>;
  _query(connection: Database, query: KnexQuery): Promise<unknown>;
  _optSafeIntegers(options: unknown): boolean | undefined;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
}
type KnexSqliteDialectClass = new (config: Knex.Config) => KnexSqliteDialect;

const require = createRequire(import.meta.url);
const BetterSqliteDialect = require('knex/lib/dialects/better-sqlite3') as KnexSqliteDialectClass;

/**
 * knex's `better-sqlite3` client with three changes measured in docs/performance.md. Each connection
 * keeps its prepared statements (knex prepares afresh per query); rows are read as arrays and made
 * into objects here (better-sqlite3 builds each row object property by property, about half the
 * cost of a 50-message page); and a locked database is waited for asynchronously (`busyTimeoutMs`,
 * backing off) instead of in SQLite's `busy_timeout`, which would block the event loop:
 * better-sqlite3's calls are synchronous. Pass it as knex's `client`.
 */
export function sqliteClient(busyTimeoutMs: number): typeof Knex.Client {
  class ParleySqliteClient extends BetterSqliteDialect {
    readonly busyTimeoutMs = busyTimeoutMs;

    override async acquireRawConnection(): Promise<Database> {
      const connection = await super.acquireRawConnection();
      connection.pragma('busy_timeout = 0');
      cacheStatements(connection);
      return connection;
    }

    override _query(connection: Database, query: KnexQuery) {
      return whileBusy(busyTimeoutMs, async () => {
        const statement = connection.prepare(query.sql);
        if (!statement.reader) return super._query(connection, query);
        const safeIntegers = this._optSafeIntegers(query.options);
        if (safeIntegers !== undefined) statement.safeIntegers(safeIntegers);
        query.response = readRows(statement, this._formatBindings(query.bindings));
        return query;
      });
    }
  }
  return ParleySqliteClient as unknown as typeof Knex.Client;
}

/** Whether `knex` runs on better-sqlite3 (Parley's `sqliteClient` or knex's own), so `sqliteWrite` (sqlite-write.ts) applies. */
export function onBetterSqlite(knex: Knex): boolean {
  return (knex.client as { driverName?: string }).driverName === 'better-sqlite3';
}

/** Runs `attempt` again, backing off, while the database is locked by another connection, up to `timeoutMs`. */
export async function whileBusy<T>(timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await delay(BUSY_BACKOFF_MS[Math.min(tries, BUSY_BACKOFF_MS.length - 1)]);
    }
  }
}

/** Whether `error` is SQLite's refusal while another connection holds the lock (it clears once that one commits). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BUSY_CODES.has(code);
}

/**
 * A reading statement's rows as objects keyed by column name, as better-sqlite3 would make them (a
 * later column of the same name wins), built from its raw arrays. The names are read after each
 * run: SQLite prepares a statement again after another connection changed the schema, and its
 * columns with it. Raw mode is switched off again: the statement is shared with callers
 * (`sqliteWrite`) that read objects.
 */
export function readRows(statement: Statement, bindings: unknown[]): Array<Record<string, unknown>> {
  statement.raw(true);
  let rows: unknown[][];
  try {
    rows = statement.all(bindings) as unknown[][];
  } finally {
    statement.raw(false);
  }
  if (rows.length === 0) return [];
  const names = statement.columns().map((column) => column.name);
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let index = 0; index < names.length; index += 1) row[names[index]!] = values[index];
    return row;
  });
}

/** Makes `connection.prepare` return the statement it prepared last time for the same SQL. */
function cacheStatements(connection: Database): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new LRUCache<string, Statement>({ max: STATEMENT_CACHE_SIZE });
  connection.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as Database['prepare'];
}
