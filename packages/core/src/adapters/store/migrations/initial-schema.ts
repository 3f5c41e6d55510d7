import type { Knex } from 'knex';
import type { SchemaMigration } from './schema-migration.js';

/**
 * Users, sessions, messages, summaries and leases (R2, R4.1). Timestamps are bigint epoch ms;
 * ids are text so callers may bring their own id scheme.
 */
export const initialSchema: SchemaMigration = {
  name: '0001_initial_schema',
  async up(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    const ref = tableRef(schema);

    await builder().createTable('users', (t) => {
      t.text('id').primary();
      t.text('email').notNullable().unique();
      t.text('password_hash').nullable();
      t.text('display_name').nullable();
      t.bigInteger('created_at').notNullable();
    });

    await builder().createTable('sessions', (t) => {
      t.text('id').primary();
      t.text('user_id').notNullable().references('id').inTable(ref('users')).onDelete('CASCADE');
      t.text('title').nullable();
      t.text('status').notNullable().defaultTo('active');
      t.integer('last_seq').notNullable().defaultTo(0);
      t.bigInteger('created_at').notNullable();
      t.bigInteger('last_activity_at').notNullable();
      t.bigInteger('closed_at').nullable();
      // "My active sessions, most recent first" and the purge's scan of idle/ended sessions.
      t.index(['user_id', 'status', 'last_activity_at'], 'sessions_user_status_activity_idx');
      t.index(['status', 'last_activity_at'], 'sessions_status_activity_idx');
    });

    await builder().createTable('messages', (t) => {
      t.text('id').primary();
      t.text('session_id').notNullable().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.integer('seq').notNullable();
      t.text('role').notNullable();
      t.text('content').notNullable();
      t.integer('token_count').notNullable();
      t.text('status').notNullable();
      t.jsonb('usage').nullable();
      t.bigInteger('created_at').notNullable();
      // Also the paging index: every page is a range scan on (session_id, seq).
      t.unique(['session_id', 'seq'], { indexName: 'messages_session_seq_key' });
    });

    await builder().createTable('summaries', (t) => {
      t.text('session_id').notNullable().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.integer('from_seq').notNullable();
      t.integer('to_seq').notNullable();
      t.text('content').notNullable();
      t.integer('token_count').notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['session_id', 'to_seq']);
    });

    await builder().createTable('leases', (t) => {
      t.text('name').primary();
      t.text('holder').notNullable();
      t.bigInteger('expires_at').notNullable();
    });
  },
  async down(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    for (const table of ['leases', 'summaries', 'messages', 'sessions', 'users'])
      await builder().dropTableIfExists(table);
  },
};

/** A table's name for raw SQL (`??`), qualified with the store's PostgreSQL schema, if any. */
export function tableRef(schema: string | undefined): (table: string) => string {
  return (table) => (schema ? `${schema}.${table}` : table);
}

/** A schema builder bound to the store's PostgreSQL schema, if any. */
export function schemaBuilder(knex: Knex, schema: string | undefined): () => Knex.SchemaBuilder {
  return () => (schema ? knex.schema.withSchema(schema) : knex.schema);
}
