import { isPostgres } from '../is-postgres.js';
import type { SchemaMigration } from './schema-migration.js';
import { tableRef } from './initial-schema.js';

/**
 * Retrieval over kept search results (R6.2): their title, content and URL in a lexical index kept
 * current by the database, like the messages' — SQLite FTS5 (external content, maintained by
 * triggers, so a result leaves the index when its row goes, session purge included) or a
 * PostgreSQL generated tsvector column with a GIN index — built here for the results kept before.
 */
export const keptResultsIndex: SchemaMigration = {
  name: '0008_kept_results_index',
  async up(knex, schema) {
    const ref = tableRef(schema);
    if (isPostgres(knex)) {
      // URLs split into words (https, example, jobs…) rather than parsed as one URL token.
      await knex.raw(
        `ALTER TABLE ?? ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english',
          title || ' ' || content || ' ' || regexp_replace(url, '[^[:alnum:]]+', ' ', 'g'))) STORED`,
        [ref('kept_results')],
      );
      await knex.raw('CREATE INDEX kept_results_search_idx ON ?? USING gin (search_tsv)', [
        ref('kept_results'),
      ]);
      return;
    }
    await knex.raw(
      `CREATE VIRTUAL TABLE kept_results_fts USING fts5(title, content, url, content='kept_results', content_rowid='rowid', tokenize='porter unicode61')`,
    );
    await knex.raw(`CREATE TRIGGER kept_results_fts_insert AFTER INSERT ON kept_results BEGIN
      INSERT INTO kept_results_fts(rowid, title, content, url) VALUES (new.rowid, new.title, new.content, new.url);
    END`);
    await knex.raw(`CREATE TRIGGER kept_results_fts_delete AFTER DELETE ON kept_results BEGIN
      INSERT INTO kept_results_fts(kept_results_fts, rowid, title, content, url)
        VALUES ('delete', old.rowid, old.title, old.content, old.url);
    END`);
    await knex.raw(`CREATE TRIGGER kept_results_fts_update AFTER UPDATE ON kept_results BEGIN
      INSERT INTO kept_results_fts(kept_results_fts, rowid, title, content, url)
        VALUES ('delete', old.rowid, old.title, old.content, old.url);
      INSERT INTO kept_results_fts(rowid, title, content, url) VALUES (new.rowid, new.title, new.content, new.url);
    END`);
    // Indexes the results kept before this migration.
    await knex.raw(`INSERT INTO kept_results_fts(kept_results_fts) VALUES ('rebuild')`);
  },
  async down(knex, schema) {
    const ref = tableRef(schema);
    if (isPostgres(knex)) {
      await knex.raw('ALTER TABLE ?? DROP COLUMN IF EXISTS search_tsv', [ref('kept_results')]);
      return;
    }
    for (const trigger of ['kept_results_fts_insert', 'kept_results_fts_delete', 'kept_results_fts_update']) {
      await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
    await knex.raw('DROP TABLE IF EXISTS kept_results_fts');
  },
};
