import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import knex, { type Knex } from 'knex';
import type { Logger } from 'pino';
import type { ParleyConfig } from '../../config/parley-config.js';
import { sqliteClient } from './sqlite-client.js';

const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/**
 * Reader connections beside the writer. One is enough: better-sqlite3's calls are synchronous, so a
 * read holds its connection only while it runs; it is there so reads never wait for the writer's
 * transactions, which stay open across awaits.
 */
const SQLITE_READERS = 1;
/**
 * The knex instance the store owns when given connection settings. A call waits for a busy pool
 * (PostgreSQL's connections, SQLite's single writer) up to `queueTimeoutMs`: a burst of turns
 * queues for seconds, which is load, not an outage (500 turns starting at once on two cores on
 * PostgreSQL: a third waited past 5 s). An outage shows otherwise: PostgreSQL bounds connecting by
 * `connectTimeoutMs` (knex hands that failure to a waiting call at once) and every statement by
 * `statementTimeoutMs` twice: the server cancels it (`statement_timeout`) and the client stops
 * waiting (`query_timeout`, for a network that hangs). SQLite's file is local, and another
 * process's lock is `busy_timeout`'s business.
 */
export function createKnexInstance(database: ParleyConfig['database'], logger?: Logger): Knex {
  const log = logger ? knexLog(logger) : {};
  if (database.client === 'postgres') {
    return knex({
      ...log,
      client: 'pg',
      connection: {
        connectionString: database.url,
        connectionTimeoutMillis: database.connectTimeoutMs,
        statement_timeout: database.statementTimeoutMs,
        query_timeout: database.statementTimeoutMs,
      },
      pool: { min: 0, max: database.poolMax },
      acquireConnectionTimeout: database.queueTimeoutMs,
    });
  }
  const filename = sqliteFilename(database);
  if (!isInMemory(filename)) mkdirSync(dirname(filename), { recursive: true });
  const pragmas = [
    'PRAGMA foreign_keys = ON',
    ...(isInMemory(filename) ? [] : ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL']),
  ];
  // One connection: SQLite has a single writer anyway, and queued transactions beat SQLITE_BUSY.
  return sqliteKnex(filename, database.queueTimeoutMs, 1, pragmas, log);
}

/**
 * A pool of read-only connections beside the SQLite writer, so reads do not queue behind writes
 * (WAL lets readers run while the writer commits, each seeing the last commit). PostgreSQL pools
 * already, and an in-memory SQLite database is private to its one connection: neither gets one.
 */
export function createKnexReadInstance(
  database: ParleyConfig['database'],
  logger?: Logger,
): Knex | undefined {
  const filename = sqliteFilename(database);
  if (database.client === 'postgres' || isInMemory(filename)) return undefined;
  const pragmas = ['PRAGMA query_only = ON'];
  return sqliteKnex(
    filename,
    database.queueTimeoutMs,
    SQLITE_READERS,
    pragmas,
    logger ? knexLog(logger) : {},
  );
}

function sqliteFilename(database: ParleyConfig['database']): string {
  return database.filename ?? ':memory:';
}

function isInMemory(filename: string): boolean {
  return filename === ':memory:' || filename === '';
}

function sqliteKnex(
  filename: string,
  acquireTimeoutMs: number,
  connections: number,
  pragmas: string[],
  log: Pick<Knex.Config, 'log'>,
): Knex {
  return knex({
    ...log,
    client: sqliteClient(SQLITE_BUSY_TIMEOUT_MS),
    connection: { filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: acquireTimeoutMs,
    pool: {
      min: connections === 1 ? 1 : 0,
      max: connections,
      afterCreate: (connection: Database, done: (error: Error | null, connection: unknown) => void) => {
        try {
          connection.exec(`${pragmas.join('; ')};`);
          done(null, connection);
        } catch (error) {
          done(error as Error, connection);
        }
      },
    },
  });
}

/** Routes knex's own warnings (which default to the console) to the logger. */
function knexLog(logger: Logger): Pick<Knex.Config, 'log'> {
  const child = logger.child({ component: 'knex' });
  return {
    log: {
      warn: (message: unknown) => child.warn({ detail: message }, 'knex warning'),
      error: (message: unknown) => child.error({ detail: message }, 'knex error'),
      deprecate: (method: string, alternative: string) =>
        child.warn({ method, alternative }, 'knex deprecation'),
      debug: (message: unknown) => child.debug({ detail: message }, 'knex debug'),
    },
  };
}
