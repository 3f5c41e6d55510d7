import type { Message, MessageRole, MessageStatus, MessageUsage } from '../../domain/message.js';
import type { ToolCall } from '../../ports/chat-model.js';
import { appendRefused, sessionNotFound } from '../../errors/session-errors.js';
import type {
  AppendCondition,
  HistoryHead,
  MessagePage,
  MessageRepository,
  NewMessage,
} from '../../ports/store.js';
import { fromEpochMs, toEpochMs } from './epoch-ms.js';
import { isPostgres } from './is-postgres.js';
import { latestSummary, toSummary, type SummaryRow } from './knex-summary-repository.js';
import { laterOf } from './later-of.js';
import { quotedName, rowsOf, runPrepared, statementText } from './pg-prepared.js';
import { onBetterSqlite } from './sqlite-client.js';
import { sqliteWrite } from './sqlite-write.js';
import type { StoreContext } from './store-context.js';

interface MessageRow {
  id: string;
  session_id: string;
  seq: number | string;
  role: MessageRole;
  content: string;
  token_count: number | string;
  status: MessageStatus;
  usage: MessageUsage | string | null;
  tool_calls: ToolCall[] | string | null;
  tool_call_id: string | null;
  created_at: number | string;
}

/** A stored message's columns, in the order the hand-written inserts bind them (`valuesOf`). */
const COLUMNS = [
  'id',
  'session_id',
  'seq',
  'role',
  'content',
  'token_count',
  'status',
  'usage',
  'tool_calls',
  'tool_call_id',
  'created_at',
] as const;

/** Rows per insert statement: well under SQLite's limit of bound variables. */
const INSERT_CHUNK = 500;

/**
 * Messages with gap-free per-session sequence numbers: the session row's `last_seq` is the
 * counter, and incrementing it row-locks the session, so concurrent appends queue rather than collide.
 */
export function createKnexMessageRepository(ctx: StoreContext): MessageRepository {
  const insert = onBetterSqlite(ctx.knex) ? sqliteInsert : postgresInsert;
  return {
    async append(message, condition) {
      try {
        return await insert(ctx, message, condition);
      } catch (error) {
        // A retried write whose first try did commit (its reply was lost): the stored one stands.
        if (!isUniqueViolation(error)) throw error;
        const row: MessageRow | undefined = await ctx.table('messages').where('id', message.id).first();
        if (row) return toMessage(row);
        throw error;
      }
    },
    appendMany(sessionId, messages) {
      if (messages.length === 0) return Promise.resolve([]);
      const latest = messages.reduce((max, m) => Math.max(max, toEpochMs(m.createdAt)), 0);
      return ctx.knex.transaction(async (trx) => {
        const counters: { last_seq: number | string }[] = await ctx
          .table('sessions', trx)
          .where('id', sessionId)
          .update({
            last_seq: trx.raw('?? + ?', ['last_seq', messages.length]),
            last_activity_at: laterOf(trx, 'last_activity_at', latest),
          })
          .returning('last_seq');
        const counter = counters[0];
        if (!counter) throw sessionNotFound(sessionId);
        const first = Number(counter.last_seq) - messages.length + 1;
        const stored = messages.map((m, i): Message => ({ ...m, sessionId, seq: first + i }));
        for (let i = 0; i < stored.length; i += INSERT_CHUNK) {
          await ctx.table('messages', trx).insert(stored.slice(i, i + INSERT_CHUNK).map(toRow));
        }
        return stored;
      });
    },
    page: (sessionId, query) => readPage(ctx, sessionId, query),
    async ranges(ranges) {
      if (ranges.length === 0) return [];
      const rows: MessageRow[] = await ctx
        .read('messages')
        .select(COLUMNS)
        .where((any) => {
          for (const { sessionId, from, to } of ranges)
            any.orWhere((one) => one.where('session_id', sessionId).andWhereBetween('seq', [from, to]));
        })
        .orderBy([{ column: 'session_id' }, { column: 'seq' }]);
      return rows.map(toMessage);
    },
    async head(sessionId, { before, limit }) {
      if (isPostgres(ctx.knex)) return postgresHead(ctx, sessionId, before, limit);
      const [summary, messages] = await Promise.all([
        latestSummary(ctx, sessionId),
        readPage(ctx, sessionId, { before, limit, order: 'desc' }),
      ]);
      return { summary, messages };
    },
  };
}

async function readPage(
  ctx: StoreContext,
  sessionId: string,
  { before, after, limit, order }: MessagePage,
): Promise<Message[]> {
  // The columns a message has, not `*`: PostgreSQL's lexical index (`search_tsv`) would come too.
  const query = ctx.read('messages').select(COLUMNS).where('session_id', sessionId);
  if (before !== undefined) query.andWhere('seq', '<', before);
  if (after !== undefined) query.andWhere('seq', '>', after);
  const rows = await rowsOf<MessageRow>(ctx, query.orderBy('seq', order).limit(limit));
  return rows.map(toMessage);
}

/**
 * The summary and the newest page on PostgreSQL in one statement, each as JSON (the rows as
 * `json_agg` builds them): one round trip where two took two, and parsing one JSON text cost less
 * than the driver's row parsing of a 50-message page (0.46–0.49 against 0.64–0.81 ms CPU per pair).
 */
async function postgresHead(
  ctx: StoreContext,
  sessionId: string,
  before: number,
  limit: number,
): Promise<HistoryHead> {
  const ref = (table: string) => (ctx.schema ? `${ctx.schema}.${table}` : table);
  const result: { rows: Array<{ summary: SummaryRow | null; messages: MessageRow[] }> } = await ctx.knex.raw(
    `select
       (select row_to_json(s) from (
          select * from ?? where session_id = ? order by to_seq desc limit 1) s) as summary,
       coalesce((select json_agg(m order by m.seq desc) from (
          select ${COLUMNS.join(', ')} from ??
          where session_id = ? and seq < ? order by seq desc limit ?) m), '[]'::json) as messages`,
    [ref('summaries'), sessionId, ref('messages'), sessionId, before, limit],
  );
  const row = result.rows[0];
  return {
    summary: row?.summary ? toSummary(row.summary) : undefined,
    messages: (row?.messages ?? []).map(toMessage),
  };
}

/**
 * One message on PostgreSQL, in one statement: the session's counter is incremented (row-locking the
 * session until commit, so concurrent appends queue) and the message inserted with it. A session
 * that matched nothing is looked at once more, to refuse with the right code.
 */
async function postgresInsert(
  ctx: StoreContext,
  message: NewMessage,
  condition?: AppendCondition,
): Promise<Message> {
  const at = toEpochMs(message.createdAt);
  const row = toRow({ ...message, seq: 0 });
  const rows = await runPrepared<{ seq: number | string }>(
    ctx,
    postgresAppendText(ctx.schema, condition !== undefined),
    [
      at,
      message.sessionId,
      ...valuesOf(row).filter((_, i) => COLUMNS[i] !== 'seq'),
      ...(condition ? [toEpochMs(condition.activeAfter)] : []),
    ],
  );
  const inserted = rows[0];
  if (inserted) return { ...message, seq: Number(inserted.seq) };
  const session: { status: string } | undefined = await ctx
    .table('sessions')
    .where('id', message.sessionId)
    .first('status');
  throw appendRefused(message.sessionId, session?.status);
}

const POSTGRES_TYPES: Record<Exclude<(typeof COLUMNS)[number], 'seq'>, string> = {
  id: 'text',
  session_id: 'text',
  role: 'text',
  content: 'text',
  token_count: 'integer',
  status: 'text',
  usage: 'jsonb',
  tool_calls: 'jsonb',
  tool_call_id: 'text',
  created_at: 'bigint',
};

/**
 * The append's statement for a schema, with or without the session's status and activity check;
 * built once each, since a prepared statement is known by its text. Parameters: the time, the
 * session, the message's columns but `seq`, then the activity bound when checked.
 */
function postgresAppendText(schema: string | undefined, checked: boolean): string {
  return statementText(`append\u0000${schema ?? ''}\u0000${checked}`, () => {
    const ref = (table: string) => quotedName(schema, table);
    const columns = COLUMNS.filter((column) => column !== 'seq');
    const values = columns.map((column, i) => `$${i + 3}::${POSTGRES_TYPES[column]}`);
    return `with counted as (
       update ${ref('sessions')} set last_seq = last_seq + 1,
         last_activity_at = case when last_activity_at < $1::bigint then $1::bigint else last_activity_at end
       where id = $2::text${checked ? ` and status = 'active' and last_activity_at > $${columns.length + 3}` : ''}
       returning last_seq
     )
     insert into ${ref('messages')} (${[...columns.slice(0, 2), 'seq', ...columns.slice(2)].join(', ')})
     select ${[...values.slice(0, 2), 'last_seq', ...values.slice(2)].join(', ')} from counted
     returning seq`;
  });
}

const SQLITE_COUNT = `update sessions set last_seq = last_seq + 1,
  last_activity_at = case when last_activity_at < ? then ? else last_activity_at end
  where id = ?`;
const SQLITE_ACTIVE = ` and status = 'active' and last_activity_at > ?`;
const SQLITE_INSERT = `insert into messages (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;

/**
 * One message on SQLite: the increment and the insert of `postgresInsert` (and the same refusals),
 * as one native transaction (`sqliteWrite`), the hottest write of a turn. SQLite has one writer, so
 * the immediate transaction orders concurrent appends as the row lock does on PostgreSQL.
 */
function sqliteInsert(ctx: StoreContext, message: NewMessage, condition?: AppendCondition): Promise<Message> {
  const at = toEpochMs(message.createdAt);
  return sqliteWrite(ctx.knex, (db) => {
    const counter = condition
      ? db
          .prepare<unknown[], { last_seq: number }>(`${SQLITE_COUNT}${SQLITE_ACTIVE} returning last_seq`)
          .get(at, at, message.sessionId, toEpochMs(condition.activeAfter))
      : db
          .prepare<unknown[], { last_seq: number }>(`${SQLITE_COUNT} returning last_seq`)
          .get(at, at, message.sessionId);
    if (!counter) {
      const row = db
        .prepare<unknown[], { status: string }>('select status from sessions where id = ?')
        .get(message.sessionId);
      throw appendRefused(message.sessionId, row?.status);
    }
    const stored: Message = { ...message, seq: Number(counter.last_seq) };
    const row = toRow(stored);
    db.prepare(SQLITE_INSERT).run(...valuesOf(row));
    return stored;
  });
}

/** PostgreSQL `unique_violation`, or SQLite's UNIQUE/PRIMARY KEY constraint failure. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toRow(message: Message) {
  return {
    id: message.id,
    session_id: message.sessionId,
    seq: message.seq,
    role: message.role,
    content: message.content,
    token_count: message.tokenCount,
    status: message.status,
    usage: message.usage === null ? null : JSON.stringify(message.usage),
    tool_calls: message.toolCalls === null ? null : JSON.stringify(message.toolCalls),
    tool_call_id: message.toolCallId,
    created_at: toEpochMs(message.createdAt),
  };
}

function valuesOf(row: ReturnType<typeof toRow>): Array<string | number | null> {
  return COLUMNS.map((column) => row[column]);
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    sessionId: row.session_id,
    seq: Number(row.seq),
    role: row.role,
    content: row.content,
    tokenCount: Number(row.token_count),
    status: row.status,
    // jsonb comes back parsed from PostgreSQL and as text from SQLite.
    usage: typeof row.usage === 'string' ? (JSON.parse(row.usage) as MessageUsage) : row.usage,
    toolCalls:
      typeof row.tool_calls === 'string' ? (JSON.parse(row.tool_calls) as ToolCall[]) : row.tool_calls,
    toolCallId: row.tool_call_id,
    createdAt: fromEpochMs(row.created_at),
  };
}
