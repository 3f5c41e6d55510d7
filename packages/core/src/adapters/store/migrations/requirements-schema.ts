import type { SchemaMigration } from './schema-migration.js';
import { schemaBuilder, tableRef } from './initial-schema.js';

/**
 * Requirement profiles (issue 10, R7.4): the current state of each session with its version, and
 * one history row per version. State and changes are JSON; timestamps bigint epoch ms.
 */
export const requirementsSchema: SchemaMigration = {
  name: '0003_requirements',
  async up(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    const ref = tableRef(schema);

    await builder().createTable('requirement_profiles', (t) => {
      t.text('session_id').primary().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.integer('version').notNullable();
      t.jsonb('state').notNullable();
      t.bigInteger('updated_at').notNullable();
    });

    await builder().createTable('requirement_versions', (t) => {
      t.text('session_id').notNullable().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.integer('version').notNullable();
      t.jsonb('by').notNullable();
      t.text('reason').notNullable();
      t.jsonb('changes').notNullable();
      t.jsonb('state').notNullable();
      t.bigInteger('created_at').notNullable();
      // Also the history index: versions are read per session in order.
      t.primary(['session_id', 'version']);
    });
  },
  async down(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    for (const table of ['requirement_versions', 'requirement_profiles'])
      await builder().dropTableIfExists(table);
  },
};
