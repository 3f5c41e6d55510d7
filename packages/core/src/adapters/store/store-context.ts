import type { Knex } from 'knex';

/** The tables this adapter owns; later migrations add their names here. */
export type TableName =
  | 'users'
  | 'users as u'
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
  /** PostgreSQL: the hot statements go as named prepared statements (`runPrepared`). */
  readonly preparedStatements: boolean;
  /** A query builder on `name`, inside `trx` when given, schema-qualified when a schema is set. */
  table(name: TableName, trx?: Knex.Transaction): Knex.QueryBuilder;
  /**
   * A builder for a select outside any transaction: on SQLite's read pool when there is one, so it
   * does not wait behind writes. It sees every write whose promise has settled (each is committed).
   */
  read(name: TableName): Knex.QueryBuilder;
}

/** Builds the context the repositories close over; `reader` defaults to `knex` itself. */
export function createStoreContext(
  knex: Knex,
  schema: string | undefined,
  reader: Knex = knex,
  preparedStatements = true,
): StoreContext {
  const on = (instance: Knex | Knex.Transaction, name: TableName) => {
    const builder = instance(name);
    return schema ? builder.withSchema(schema) : builder;
  };
  return {
    knex,
    schema,
    preparedStatements,
    table: (name, trx) => on(trx ?? knex, name),
    read: (name) => on(reader, name),
  };
}
