import { schemaBuilder, tableRef } from './initial-schema.js';
import type { SchemaMigration } from './schema-migration.js';

/**
 * Where each session's rolling summary ends (R4.4), on the session row the turn already has: a
 * session with none skips reading summaries for its prompt. Set here for the sessions summarised
 * before it.
 */
export const sessionSummaryToSeq: SchemaMigration = {
  name: '0010_session_summary_to_seq',
  async up(knex, schema) {
    const ref = tableRef(schema);
    await schemaBuilder(knex, schema)().alterTable('sessions', (t) => {
      t.bigInteger('summary_to_seq').notNullable().defaultTo(0);
    });
    await knex.raw(
      `UPDATE ?? SET summary_to_seq = (SELECT max(s.to_seq) FROM ?? s WHERE s.session_id = ??.id)
       WHERE id IN (SELECT session_id FROM ??)`,
      [ref('sessions'), ref('summaries'), ref('sessions'), ref('summaries')],
    );
  },
  async down(knex, schema) {
    await schemaBuilder(knex, schema)().alterTable('sessions', (t) => {
      t.dropColumn('summary_to_seq');
    });
  },
};
