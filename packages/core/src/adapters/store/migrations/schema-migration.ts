import type { Knex } from 'knex';

/**
 * One step of the schema, shipped as code (not files on disk) so it survives bundling. `schema` is
 * the PostgreSQL schema the store was given, if any; table references must be qualified with it.
 */
export interface SchemaMigration {
  /** Stable name recorded in the migrations table; never rename a released migration. */
  readonly name: string;
  up(knex: Knex, schema: string | undefined): Promise<void>;
  /** Undoes `up`; knex refuses migrations without it. */
  down(knex: Knex, schema: string | undefined): Promise<void>;
}
