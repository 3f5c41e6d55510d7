import type { SchemaMigration } from './schema-migration.js';
import { schemaBuilder, tableRef } from './initial-schema.js';

/**
 * User memory (R9.1): remembered items, one per (user, kind, key), and each user's personalization
 * switch. Items outlive the session they were learned from, so the source columns are plain text.
 */
export const userMemory: SchemaMigration = {
  name: '0006_user_memory',
  async up(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    const ref = tableRef(schema);

    await builder().createTable('memory_items', (t) => {
      t.text('id').primary();
      t.text('user_id').notNullable().references('id').inTable(ref('users')).onDelete('CASCADE');
      t.text('kind').notNullable();
      t.text('key').notNullable();
      t.text('value').notNullable();
      t.text('source_session_id').nullable();
      t.text('source_message_id').nullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.unique(['user_id', 'kind', 'key'], { indexName: 'memory_items_user_key_idx' });
    });

    await builder().createTable('memory_settings', (t) => {
      t.text('user_id').primary().references('id').inTable(ref('users')).onDelete('CASCADE');
      t.boolean('personalization').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
  },
  async down(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    await builder().dropTableIfExists('memory_settings');
    await builder().dropTableIfExists('memory_items');
  },
};
