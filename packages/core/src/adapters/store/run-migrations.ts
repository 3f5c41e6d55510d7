import { setTimeout as delay } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { parleyMigrationSource } from './migrations/parley-migration-source.js';

/** Own bookkeeping tables, so Parley never collides with the embedding app's `knex_migrations`. */
const MIGRATIONS_TABLE = 'parley_migrations';
const ATTEMPTS = 40;
const RETRY_DELAY_MS = 250;

/**
 * Brings the schema up to date. Several processes may start at once: the loser of knex's
 * migration lock (or of the race to create the bookkeeping tables) waits and tries again, and
 * then finds nothing left to do.
 */
export async function runMigrations(knex: Knex, schema: string | undefined, logger?: Logger): Promise<void> {
  const config: Knex.MigratorConfig = {
    migrationSource: parleyMigrationSource(schema),
    tableName: MIGRATIONS_TABLE,
    ...(schema ? { schemaName: schema } : {}),
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
      if (applied.length > 0) logger?.info({ migrations: applied }, 'database schema migrated');
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConcurrentMigration(error)) throw error;
      logger?.debug({ attempt }, 'another process is migrating the database; waiting');
      await delay(RETRY_DELAY_MS);
    }
  }
}

/** Errors that mean another process got there first, as opposed to a broken migration. */
function isConcurrentMigration(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.name === 'MigrationLocked' ||
    code === '42P07' || // duplicate_table: both created the bookkeeping table
    code === '23505' || // unique_violation on the catalog during a concurrent CREATE TABLE
    /already exists/i.test(error.message)
  );
}
