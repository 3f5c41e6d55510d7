import type { MemoryItem, MemoryKind, UserContext } from '../../domain/memory-item.js';
import type { MemoryRepository } from '../../ports/store.js';
import { fromEpochMs, toEpochMs } from './epoch-ms.js';
import type { StoreContext } from './store-context.js';

interface MemoryRow {
  id: string;
  user_id: string;
  kind: string;
  key: string;
  value: string;
  source_session_id: string | null;
  source_message_id: string | null;
  created_at: number | string;
  updated_at: number | string;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

const ITEM_COLUMNS: ReadonlyArray<keyof MemoryRow> = [
  'id',
  'user_id',
  'kind',
  'key',
  'value',
  'source_session_id',
  'source_message_id',
  'created_at',
  'updated_at',
];

/** User memory items and the personalization switch (R9.1); every query is scoped by user id. */
export function createKnexMemoryRepository(ctx: StoreContext): MemoryRepository {
  const findById = async (userId: string, id: string): Promise<MemoryItem | undefined> => {
    const row: MemoryRow | undefined = await ctx.table('memory_items').where({ user_id: userId, id }).first();
    return row ? toItem(row) : undefined;
  };
  return {
    async list(userId) {
      const rows: MemoryRow[] = await ctx
        .read('memory_items')
        .where('user_id', userId)
        .orderBy([
          { column: 'created_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      return rows.map(toItem);
    },
    findById,
    async upsert(item) {
      await ctx
        .table('memory_items')
        .insert({
          id: item.id,
          user_id: item.userId,
          kind: item.kind,
          key: item.key,
          value: item.value,
          source_session_id: item.sourceSessionId,
          source_message_id: item.sourceMessageId,
          created_at: toEpochMs(item.createdAt),
          updated_at: toEpochMs(item.updatedAt),
        })
        .onConflict(['user_id', 'kind', 'key'])
        .merge(['value', 'source_session_id', 'source_message_id', 'updated_at']);
      const row: MemoryRow = await ctx
        .table('memory_items')
        .where({ user_id: item.userId, kind: item.kind, key: item.key })
        .first();
      return toItem(row);
    },
    async update(userId, id, value, at) {
      const changed = await ctx
        .table('memory_items')
        .where({ user_id: userId, id })
        .update({ value, updated_at: toEpochMs(at) });
      return changed > 0 ? findById(userId, id) : undefined;
    },
    async delete(userId, id) {
      return (await ctx.table('memory_items').where({ user_id: userId, id }).delete()) > 0;
    },
    async deleteAll(userId) {
      return ctx.table('memory_items').where('user_id', userId).delete();
    },
    async personalization(userId) {
      const row: { personalization: boolean | number } | undefined = await ctx
        .read('memory_settings')
        .where('user_id', userId)
        .first();
      return row ? Boolean(row.personalization) : true;
    },
    async context(userId): Promise<UserContext> {
      // The user's row joined to the switch and the items: one row of nulls for a user with no items.
      const rows: Array<Nullable<MemoryRow> & { personalization: boolean | number | null }> = await ctx
        .read('users as u')
        .leftJoin('memory_settings as s', 's.user_id', 'u.id')
        .leftJoin('memory_items as m', 'm.user_id', 'u.id')
        .where('u.id', userId)
        .select('s.personalization', ...ITEM_COLUMNS.map((column) => `m.${column}`))
        .orderBy([
          { column: 'm.created_at', order: 'asc' },
          { column: 'm.id', order: 'asc' },
        ]);
      const switched = rows[0]?.personalization;
      return {
        personalization: switched === null || switched === undefined ? true : Boolean(switched),
        items: rows.flatMap((row) => (row.id === null ? [] : [toItem(row as MemoryRow)])),
      };
    },
    async setPersonalization(userId, on, at) {
      await ctx
        .table('memory_settings')
        .insert({ user_id: userId, personalization: on, updated_at: toEpochMs(at) })
        .onConflict('user_id')
        .merge(['personalization', 'updated_at']);
    },
  };
}

function toItem(row: MemoryRow): MemoryItem {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as MemoryKind,
    key: row.key,
    value: row.value,
    sourceSessionId: row.source_session_id,
    sourceMessageId: row.source_message_id,
    createdAt: fromEpochMs(row.created_at),
    updatedAt: fromEpochMs(row.updated_at),
  };
}
