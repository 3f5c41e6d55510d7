import type { Knex } from 'knex';
import { initialSchema } from './initial-schema.js';
import { keptResultsIndex } from './kept-results-index.js';
import { messageToolCalls } from './message-tool-calls.js';
import { retrievalIndex } from './retrieval-index.js';
import { requirementsSchema } from './requirements-schema.js';
import { revokedTokens } from './revoked-tokens.js';
import type { SchemaMigration } from './schema-migration.js';
import { searchRuns } from './search-runs.js';
import { sessionKeptResults } from './session-kept-results.js';
import { sessionSummaryToSeq } from './session-summary-to-seq.js';
import { userMemory } from './user-memory.js';

/** Every migration in order. Imported statically so a bundled build still carries them. */
const MIGRATIONS: readonly SchemaMigration[] = [
  initialSchema,
  messageToolCalls,
  requirementsSchema,
  searchRuns,
  revokedTokens,
  userMemory,
  retrievalIndex,
  keptResultsIndex,
  sessionKeptResults,
  sessionSummaryToSeq,
];

/** Feeds knex's migrator from the list above instead of a directory on disk. */
export function parleyMigrationSource(schema: string | undefined): Knex.MigrationSource<SchemaMigration> {
  return {
    getMigrations: () => Promise.resolve([...MIGRATIONS]),
    getMigrationName: (migration) => migration.name,
    getMigration: (migration) =>
      Promise.resolve({
        up: (knex: Knex) => migration.up(knex, schema),
        down: (knex: Knex) => migration.down(knex, schema),
      }),
  };
}
