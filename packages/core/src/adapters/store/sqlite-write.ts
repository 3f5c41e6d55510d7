import type { Database } from 'better-sqlite3';
import type { Knex } from 'knex';
import { isBusy, whileBusy } from './sqlite-client.js';

/** The part of knex's client `sqliteWrite` uses: its pool, and the busy wait it was built with. */
interface PooledSqliteClient {
  acquireConnection(): Promise<Database>;
  releaseConnection(connection: Database): Promise<unknown>;
  busyTimeoutMs?: number;
}

/** One caller's write waiting for the next commit. */
interface PendingWrite {
  write: (db: Database) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The writes of one knex instance waiting for its writer connection, and whether a commit is on its way. */
interface WriteQueue {
  writes: PendingWrite[];
  scheduled: boolean;
}

/** How a write went inside a shared transaction. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const queues = new WeakMap<Knex, WriteQueue>();

/**
 * Runs `write` in a `BEGIN IMMEDIATE` transaction on the writer connection of a better-sqlite3
 * knex (`onBetterSqlite`), through better-sqlite3 itself: its statements are prepared once per
 * connection and the whole transaction is one synchronous call. For the hot writes (a message, a
 * requirements version): through knex's `transaction`, the same statements made a chat turn cost
 * about 9% more CPU (docs/performance.md). The connection comes from knex's pool, so the write
 * queues with knex's own; a locked database is waited for as knex's queries wait for it.
 *
 * Writes issued in the same turn of the event loop, and those issued while the connection is being
 * taken, share one transaction (a group commit; the first takes the connection at once, so the
 * writes keep their place among knex's queries): SQLite's cost of a write is mostly its COMMIT (the
 * WAL frames and the full-text index's new segment), so under load one COMMIT serves many answers
 * (docs/performance.md). Each write runs in its own savepoint: one that throws (a refused append, a
 * version conflict) is undone and rejected alone, and the others commit. Each promise settles only
 * after the COMMIT. If the shared transaction itself fails (SQLite rolled it back, say on a full
 * disk), every write runs again alone, so each caller gets its own outcome; a database still locked
 * past the busy wait fails them all.
 */
export function sqliteWrite<T>(knex: Knex, write: (db: Database) => T): Promise<T> {
  let queue = queues.get(knex);
  if (!queue) {
    queue = { writes: [], scheduled: false };
    queues.set(knex, queue);
  }
  const pending = queue;
  return new Promise<T>((resolve, reject) => {
    pending.writes.push({ write, resolve: resolve as (value: unknown) => void, reject });
    if (pending.scheduled) return;
    pending.scheduled = true;
    void commitQueued(knex, pending);
  });
}

/**
 * Takes the writer connection at once (so the writes keep their place among knex's queries), holds
 * it for the rest of this turn of the event loop, then commits every write queued by then.
 */
async function commitQueued(knex: Knex, queue: WriteQueue): Promise<void> {
  const client = knex.client as unknown as PooledSqliteClient;
  let connection: Database;
  try {
    connection = await client.acquireConnection();
  } catch (error) {
    queue.scheduled = false;
    for (const pending of queue.writes.splice(0)) pending.reject(error);
    return;
  }
  try {
    await new Promise((resolve) => setImmediate(resolve));
    queue.scheduled = false;
    const writes = queue.writes.splice(0);
    const busyTimeoutMs = client.busyTimeoutMs ?? 0;
    if (writes.length === 1) await commitAlone(connection, busyTimeoutMs, writes[0]!);
    else await commitTogether(connection, busyTimeoutMs, writes);
  } finally {
    await client.releaseConnection(connection);
  }
}

async function commitAlone(
  connection: Database,
  busyTimeoutMs: number,
  pending: PendingWrite,
): Promise<void> {
  try {
    pending.resolve(
      await whileBusy(busyTimeoutMs, async () => connection.transaction(pending.write).immediate(connection)),
    );
  } catch (error) {
    pending.reject(error);
  }
}

async function commitTogether(
  connection: Database,
  busyTimeoutMs: number,
  writes: PendingWrite[],
): Promise<void> {
  let outcomes: Outcome[];
  try {
    outcomes = await whileBusy(busyTimeoutMs, async () =>
      connection.transaction(() => writes.map((pending) => inSavepoint(connection, pending))).immediate(),
    );
  } catch (error) {
    if (isBusy(error)) {
      for (const pending of writes) pending.reject(error);
      return;
    }
    for (const pending of writes) await commitAlone(connection, busyTimeoutMs, pending);
    return;
  }
  outcomes.forEach((outcome, index) => {
    const pending = writes[index]!;
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  });
}

/**
 * One write inside the shared transaction (better-sqlite3 nests it as a savepoint). Its failure is
 * its own unless the transaction is gone with it (or the lock was lost): then the batch fails.
 */
function inSavepoint(connection: Database, pending: PendingWrite): Outcome {
  try {
    return { ok: true, value: connection.transaction(pending.write)(connection) };
  } catch (error) {
    if (!connection.inTransaction || isBusy(error)) throw error;
    return { ok: false, error };
  }
}
