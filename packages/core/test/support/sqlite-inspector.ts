import knex, { type Knex } from 'knex';

/** A direct connection to a SQLite file another process writes, to check what it stored. */
export interface SqliteInspector {
  table(name: string): Knex.QueryBuilder;
  close(): Promise<void>;
}

export function inspectSqlite(filename: string): SqliteInspector {
  const db = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  return { table: (name) => db(name), close: () => db.destroy() };
}
