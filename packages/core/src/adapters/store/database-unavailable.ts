import { ParleyError } from '../../errors/parley-error.js';

/**
 * Node socket errors and PostgreSQL SQLSTATEs that mean "the database is not answering", not "bad
 * query"; besides these, SQLSTATE class 08 (connection) and SQLite's busy codes (all `SQLITE_BUSY*`).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57014', // query_canceled: statement_timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Knex: Timeout acquiring a connection|Client has encountered a connection error|Connection (ended|closed)/i;

/**
 * A driver failure as `DB_UNAVAILABLE` (503) when it means the database is down, unreachable, hung
 * or past `DATABASE_STATEMENT_TIMEOUT_MS`; anything else (including Parley's own errors) unchanged.
 */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof ParleyError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const unavailable =
    error.name === 'KnexTimeoutError' ||
    (typeof code === 'string' &&
      (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || code.startsWith('SQLITE_BUSY'))) ||
    UNAVAILABLE_MESSAGE.test(error.message);
  if (!unavailable) return error;
  return new ParleyError(
    'DB_UNAVAILABLE',
    'The database is not answering; retry shortly.',
    {},
    { cause: error },
  );
}

/** The same repository with every method's failure passed through `toDatabaseError`. */
export function guardRepository<T extends object>(repository: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(repository)) {
    guarded[name] =
      typeof member === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (member as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
            } catch (error) {
              throw toDatabaseError(error);
            }
          }
        : member;
  }
  return guarded as T;
}
