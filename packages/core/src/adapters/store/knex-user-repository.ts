import type { User, UserRecord } from '../../domain/user.js';
import type { UserRepository } from '../../ports/store.js';
import { fromEpochMs, toEpochMs } from './epoch-ms.js';
import type { StoreContext } from './store-context.js';

interface UserRow {
  id: string;
  email: string;
  password_hash: string | null;
  display_name: string | null;
  created_at: number | string;
}

/** Users keyed by a case-folded email; a taken email is decided by the unique index, not a pre-check. */
export function createKnexUserRepository(ctx: StoreContext): UserRepository {
  return {
    async create(user) {
      const rows: UserRow[] = await ctx
        .table('users')
        .insert({
          id: user.id,
          email: foldEmail(user.email),
          password_hash: user.passwordHash,
          display_name: user.displayName,
          created_at: toEpochMs(user.createdAt),
        })
        .onConflict('email')
        .ignore()
        .returning('*');
      const row = rows[0];
      return row ? toUser(row) : undefined;
    },
    async findByEmail(email) {
      const row: UserRow | undefined = await ctx.read('users').where('email', foldEmail(email)).first();
      return row ? toUserRecord(row) : undefined;
    },
    async findById(id) {
      const row: UserRow | undefined = await ctx.read('users').where('id', id).first();
      return row ? toUser(row) : undefined;
    },
    async list({ limit, offset }) {
      const rows: UserRow[] = await ctx
        .table('users')
        .orderBy([{ column: 'created_at' }, { column: 'id' }])
        .limit(limit)
        .offset(offset);
      return rows.map(toUser);
    },
  };
}

function foldEmail(email: string): string {
  return email.toLowerCase();
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    createdAt: fromEpochMs(row.created_at),
  };
}

function toUserRecord(row: UserRow): UserRecord {
  return { ...toUser(row), passwordHash: row.password_hash };
}
