import type { Knex } from 'knex';

/** The tables this adapter owns; later migrations add their names here. */
export type TableName =
  | 'users'
  | 'sessions'
  | 'messages'
  | 'summaries'
  | 'leases'
  | 'requirement_profiles'
  | 'requirement_versions'
  | 'search_runs'
  | 'kept_results'
  | 'revoked_tokens'
  | 'memory_items'
  | 'memory_settings'
  | 'message_vectors'
  | 'message_vectors as v';

/** What every repository shares: the knex instance and a table reference honouring the optional schema. */
export interface StoreContext {
  readonly knex: Knex;
  readonly schema: string | undefined;
  /** A query builder on `name`, inside `trx` when given, schema-qualified when a schema is set. */
  table(name: TableName, trx?: Knex.Transaction): Knex.QueryBuilder;
}

/** Builds the context the repositories close over. */
export function createStoreContext(knex: Knex, schema: string | undefined): StoreContext {
  return {
    knex,
    schema,
    table(name, trx) {
      const builder = (trx ?? knex)(name);
      return schema ? builder.withSchema(schema) : builder;
    },
  };
}
