import { isPostgres } from '../is-postgres.js';
import type { SchemaMigration } from './schema-migration.js';
import { schemaBuilder, tableRef } from './initial-schema.js';

/**
 * Retrieval (R6.1): a lexical index over messages, kept current by the database itself — SQLite
 * FTS5 (external content, maintained by triggers) or a PostgreSQL generated tsvector column with a
 * GIN index — built here for the messages already stored; and a table of message vectors (float32
 * bytes) that the embedding job fills.
 */
export const retrievalIndex: SchemaMigration = {
  name: '0007_retrieval_index',
  async up(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    const ref = tableRef(schema);
    if (isPostgres(knex)) {
      await knex.raw(
        `ALTER TABLE ?? ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED`,
        [ref('messages')],
      );
      await knex.raw('CREATE INDEX messages_search_idx ON ?? USING gin (search_tsv)', [ref('messages')]);
    } else {
      await knex.raw(
        `CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='rowid', tokenize='porter unicode61')`,
      );
      await knex.raw(`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content);
      END`);
      await knex.raw(`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
      END`);
      await knex.raw(`CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content);
      END`);
      // Indexes the messages stored before this migration.
      await knex.raw(`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`);
    }

    await builder().createTable('message_vectors', (t) => {
      t.text('message_id').primary().references('id').inTable(ref('messages')).onDelete('CASCADE');
      t.text('session_id').notNullable().references('id').inTable(ref('sessions')).onDelete('CASCADE');
      t.text('model').notNullable();
      t.binary('vector').notNullable();
      t.index(['session_id'], 'message_vectors_session_idx');
    });
  },
  async down(knex, schema) {
    const builder = schemaBuilder(knex, schema);
    const ref = tableRef(schema);
    await builder().dropTableIfExists('message_vectors');
    if (isPostgres(knex)) {
      await knex.raw('ALTER TABLE ?? DROP COLUMN IF EXISTS search_tsv', [ref('messages')]);
    } else {
      for (const trigger of ['messages_fts_insert', 'messages_fts_delete', 'messages_fts_update']) {
        await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
      }
      await knex.raw('DROP TABLE IF EXISTS messages_fts');
    }
  },
};
