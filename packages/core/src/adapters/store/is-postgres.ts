import type { Knex } from 'knex';

/**
 * True on PostgreSQL (a `pg` or `pg-native` client, named or given as a class), false on SQLite:
 * where the SQL differs (full-text search and its migration, the one-statement message append).
 */
export function isPostgres(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === 'postgresql';
}
