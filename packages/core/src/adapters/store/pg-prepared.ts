import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from './is-postgres.js';
import type { StoreContext } from './store-context.js';

/** The part of a node-postgres client `runPrepared` uses. */
interface PgConnection {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** The part of knex's PostgreSQL client `runPrepared` uses: its pool and its events. */
interface PooledPgClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
  emit(event: 'query', query: { sql: string; bindings: unknown[]; method: 'raw' }): boolean;
}

/** Statement names by text: a name stands for one text on every connection. */
const names = new Map<string, string>();
/** Hand-written statement texts by what they were built for. */
const texts = new Map<string, string>();

/**
 * A hand-written statement's text, built once per `key` (its schema and variant): a prepared
 * statement is known by its text, so each variant must be the same string every call.
 */
export function statementText(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    texts.set(key, text);
  }
  return text;
}

/**
 * Runs `text` (placeholders `$1`…) as a named prepared statement on a connection of knex's pool:
 * each connection parses and plans it once, then only binds and executes it. Through `knex.raw`
 * every execution was parsed and planned again, which for the message append (an `UPDATE …
 * RETURNING` feeding an `INSERT` with a generated full-text column) cost more than executing it
 * (docs/performance.md). The connection is knex's, so the call queues with knex's queries and
 * keeps the connection's statement timeouts, and knex's `query` event still announces it. With
 * `DATABASE_PREPARED_STATEMENTS=off` it goes unnamed, for a pooler that does not keep prepared
 * statements (PgBouncer before 1.21 in transaction mode).
 */
export async function runPrepared<R>(ctx: StoreContext, text: string, values: unknown[]): Promise<R[]> {
  const client = ctx.knex.client as unknown as PooledPgClient;
  const connection = await client.acquireConnection();
  client.emit('query', { sql: text, bindings: values, method: 'raw' });
  try {
    const config = ctx.preparedStatements ? { name: statementName(text), text, values } : { text, values };
    return (await connection.query(config)).rows as R[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * A read's rows: on PostgreSQL as a prepared statement of the SQL knex compiles for it (`runPrepared`;
 * its text depends only on the query's shape, not on its values), elsewhere through knex. Name the
 * columns: a prepared `select *` fails once a migration adds a column to its table.
 */
export async function rowsOf<R>(ctx: StoreContext, query: Knex.QueryBuilder): Promise<R[]> {
  if (!isPostgres(ctx.knex)) return (await query) as R[];
  const { sql, bindings } = query.toSQL().toNative();
  return runPrepared<R>(ctx, sql, [...bindings]);
}

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `parley_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** A table's name for PostgreSQL text, quoted, in `schema` when one is set. */
export function quotedName(schema: string | undefined, table: string): string {
  return [...(schema ? [schema] : []), table].map((part) => `"${part.replaceAll('"', '""')}"`).join('.');
}
