import { schemaBuilder } from './initial-schema.js';
import type { SchemaMigration } from './schema-migration.js';

/**
 * Tool calls in the conversation (R14.1): an assistant message keeps the calls it made, a `tool`
 * message the call it answers. Existing rows are plain text messages, so both columns stay null.
 */
export const messageToolCalls: SchemaMigration = {
  name: '0002_message_tool_calls',
  async up(knex, schema) {
    await schemaBuilder(knex, schema)().alterTable('messages', (t) => {
      t.jsonb('tool_calls').nullable();
      t.text('tool_call_id').nullable();
    });
  },
  async down(knex, schema) {
    await schemaBuilder(knex, schema)().alterTable('messages', (t) => {
      t.dropColumn('tool_calls');
      t.dropColumn('tool_call_id');
    });
  },
};
