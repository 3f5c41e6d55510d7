import type { Knex } from 'knex';
import type { SchemaMigration } from './schema-migration.js';

/**
 * The denylist of logged-out tokens (R1.6): one row per token id, kept until the token would have
 * expired anyway. The cache holds the hot copy; this table survives a cache outage or restart.
 */
export const revokedTokens: SchemaMigration = {
  name: '0005_revoked_tokens',
  async up(knex, schema) {
    await builder(knex, schema).createTable('revoked_tokens', (t) => {
      t.text('jti').primary();
      t.bigInteger('expires_at').notNullable();
      t.index(['expires_at'], 'revoked_tokens_expires_idx');
    });
  },
  async down(knex, schema) {
    await builder(knex, schema).dropTableIfExists('revoked_tokens');
  },
};

function builder(knex: Knex, schema: string | undefined): Knex.SchemaBuilder {
  return schema ? knex.schema.withSchema(schema) : knex.schema;
}
