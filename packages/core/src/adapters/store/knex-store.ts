import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ParleyConfig } from '../../config/parley-config.js';
import type { Store } from '../../ports/store.js';
import { createKnexInstance, createKnexReadInstance } from './create-knex-instance.js';
import { createKnexLeaseRepository } from './knex-lease-repository.js';
import { createKnexRevokedTokenRepository } from './knex-revoked-token-repository.js';
import { createKnexMemoryRepository } from './knex-memory-repository.js';
import { createKnexMessageRepository } from './knex-message-repository.js';
import { createKnexRequirementsRepository } from './knex-requirements-repository.js';
import { createKnexRetrievalRepository } from './knex-retrieval-repository.js';
import { createKnexSearchRepository } from './knex-search-repository.js';
import { createKnexSessionRepository } from './knex-session-repository.js';
import { createKnexSummaryRepository } from './knex-summary-repository.js';
import { createKnexUserRepository } from './knex-user-repository.js';
import { guardRepository } from './database-unavailable.js';
import { isPostgres } from './is-postgres.js';
import { onBetterSqlite } from './sqlite-client.js';
import { runMigrations } from './run-migrations.js';
import { createStoreContext } from './store-context.js';

/** Connection settings: the store creates the pool and closes it on `close()`. */
export interface KnexStoreConfigOptions {
  database: ParleyConfig['database'];
  logger?: Logger;
}

/** A caller-owned knex instance (`pg`, or `better-sqlite3` for SQLite): `close()` leaves it open. */
export interface KnexStoreInstanceOptions {
  knex: Knex;
  /** PostgreSQL schema for Parley's tables; defaults to the connection's search_path. */
  schema?: string;
  /**
   * PostgreSQL: send the hot statements as named prepared statements (default true); false for a
   * pooler that does not keep them (PgBouncer before 1.21 in transaction mode).
   */
  preparedStatements?: boolean;
  logger?: Logger;
}

export type KnexStoreOptions = KnexStoreConfigOptions | KnexStoreInstanceOptions;

/**
 * The SQL store (R2.4, R4.1): SQLite for the embedded default, PostgreSQL in production.
 * @example
 * const store = createKnexStore({ database: config.database, logger });
 * await store.migrate();
 */
export function createKnexStore(options: KnexStoreOptions): Store {
  const owned = !('knex' in options);
  const knex = 'knex' in options ? options.knex : createKnexInstance(options.database, options.logger);
  if (!isPostgres(knex) && !onBetterSqlite(knex))
    throw new TypeError(
      "createKnexStore: the knex instance must use a PostgreSQL client ('pg') or 'better-sqlite3'.",
    );
  const schema = 'knex' in options ? options.schema : undefined;
  const reader = 'knex' in options ? undefined : createKnexReadInstance(options.database, options.logger);
  const preparedStatements =
    'knex' in options ? (options.preparedStatements ?? true) : options.database.preparedStatements;
  const ctx = createStoreContext(knex, schema, reader, preparedStatements);
  let closed = false;

  // Every call answers DB_UNAVAILABLE, not INTERNAL, when the database is down, hung or too slow.
  return {
    users: guardRepository(createKnexUserRepository(ctx)),
    sessions: guardRepository(createKnexSessionRepository(ctx)),
    messages: guardRepository(createKnexMessageRepository(ctx)),
    summaries: guardRepository(createKnexSummaryRepository(ctx)),
    leases: guardRepository(createKnexLeaseRepository(ctx)),
    requirements: guardRepository(createKnexRequirementsRepository(ctx)),
    searches: guardRepository(createKnexSearchRepository(ctx)),
    revokedTokens: guardRepository(createKnexRevokedTokenRepository(ctx)),
    memory: guardRepository(createKnexMemoryRepository(ctx)),
    retrieval: guardRepository(createKnexRetrievalRepository(ctx)),
    ...guardRepository<Pick<Store, 'migrate' | 'ping'>>({
      migrate: () => runMigrations(knex, schema, options.logger),
      async ping() {
        await knex.raw('select 1');
      },
    }),
    async close() {
      if (!owned || closed) return;
      closed = true;
      await Promise.all([knex.destroy(), reader?.destroy()]);
    },
  };
}
