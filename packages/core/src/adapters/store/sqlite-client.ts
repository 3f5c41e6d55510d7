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

/** The part of knex's better-sqlite3 dialect this module extends (knex ships no typings for it). */
interface KnexSqliteDialect {
  acquireRawConnection(): Promise<Database>;
  _query(connection: Database, query: { sql: string; bindings?: unknown[] }): Promise<unknown>;
}
type KnexSqliteDialectClass = new (config: Knex.Config) => KnexSqliteDialect;

const require = createRequire(import.meta.url);
const BetterSqliteDialect = require('knex/lib/dialects/better-sqlite3') as KnexSqliteDialectClass;

/**
 * knex's `better-sqlite3` client with two changes measured in docs/performance.md. Each connection
 * keeps its prepared statements (knex prepares afresh per query), and a locked database is waited
 * for asynchronously (`busyTimeoutMs`, backing off) instead of in SQLite's `busy_timeout`, which
 * would block the event loop: better-sqlite3's calls are synchronous. Pass it as knex's `client`.
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

    override _query(connection: Database, query: { sql: string; bindings?: unknown[] }) {
      return whileBusy(busyTimeoutMs, () => super._query(connection, query));
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
