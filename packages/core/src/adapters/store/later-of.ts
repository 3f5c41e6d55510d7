import type { Knex } from 'knex';

/**
 * SQL for "the later of `column` and `at`", portable between SQLite and PostgreSQL, so activity
 * timestamps only ever move forward even when writers race.
 */
export function laterOf(knex: Knex, column: string, at: number): Knex.Raw {
  return knex.raw('CASE WHEN ?? < ? THEN CAST(? AS BIGINT) ELSE ?? END', [column, at, at, column]);
}
