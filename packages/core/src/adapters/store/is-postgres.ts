import type { Knex } from 'knex';

/** True on PostgreSQL, false on SQLite: the two places the SQL differs (full-text search, its migration). */
export function isPostgres(knex: Knex): boolean {
  return ['pg', 'postgres', 'postgresql'].includes(String(knex.client.config.client));
}
