import { schemaBuilder, tableRef } from './initial-schema.js';
import type { SchemaMigration } from './schema-migration.js';

/**
 * How many search results each session kept (R6.2, R8), on the session row the turn already has:
 * a session that kept none skips the kept-results search in its prompt's retrieval. Counted here
 * for the sessions that kept results before it.
 */
export const sessionKeptResults: SchemaMigration = {
  name: '0009_session_kept_results',
  async up(knex, schema) {
    const ref = tableRef(schema);
    await schemaBuilder(knex, schema)().alterTable('sessions', (t) => {
      t.integer('kept_results').notNullable().defaultTo(0);
    });
    await knex.raw(
      `UPDATE ?? SET kept_results = (SELECT count(*) FROM ?? k WHERE k.session_id = ??.id)
       WHERE id IN (SELECT session_id FROM ??)`,
      [ref('sessions'), ref('kept_results'), ref('sessions'), ref('kept_results')],
    );
  },
  async down(knex, schema) {
    await schemaBuilder(knex, schema)().alterTable('sessions', (t) => {
      t.dropColumn('kept_results');
    });
  },
};
