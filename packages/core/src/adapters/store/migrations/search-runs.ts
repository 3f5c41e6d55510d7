import type { SchemaMigration } from './schema-migration.js';
import { schemaBuilder, tableRef } from './initial-schema.js';

/**
 * Search runs and kept results (R8.2, R8.5), children of their session. Results are stored as one
 * JSON document per run: they are read and written whole, never queried inside.
 */
export const searchRuns: SchemaMigration = {
  name: '0004_search_runs',
  async up(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    const ref = tableRef(schema);

    await builder().createTable('search_runs', (t) => {
      t.text('id').primary();
      t.text('session_id').notNullable().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.text('intent').notNullable();
      t.text('query').nullable();
      t.jsonb('queries').notNullable();
      t.jsonb('results').notNullable();
      t.boolean('from_cache').notNullable();
      t.boolean('degraded').notNullable();
      t.boolean('stale').notNullable();
      t.text('reason').nullable();
      t.bigInteger('created_at').notNullable();
      // "This session's searches, newest first" and the purge's delete by session.
      t.index(['session_id', 'created_at'], 'search_runs_session_created_idx');
    });

    await builder().createTable('kept_results', (t) => {
      t.text('session_id').notNullable().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.text('url').notNullable();
      t.text('search_id').notNullable();
      t.text('title').notNullable();
      t.text('content').notNullable();
      t.bigInteger('kept_at').notNullable();
      t.primary(['session_id', 'url']);
    });
  },
  async down(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    await builder().dropTableIfExists('kept_results');
    await builder().dropTableIfExists('search_runs');
  },
};
