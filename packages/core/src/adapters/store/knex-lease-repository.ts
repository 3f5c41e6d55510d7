import type { LeaseRepository } from '../../ports/store.js';
import { toEpochMs } from './epoch-ms.js';
import type { StoreContext } from './store-context.js';

/**
 * Leases as one atomic upsert: insert, or take over a row whose time ran out. The database decides
 * the race, so exactly one concurrent caller gets a row back on SQLite and PostgreSQL alike.
 */
export function createKnexLeaseRepository(ctx: StoreContext): LeaseRepository {
  return {
    async acquire(name, holder, now, ttlMs) {
      const nowMs = toEpochMs(now);
      const rows: { name: string }[] = await ctx
        .table('leases')
        .insert({ name, holder, expires_at: nowMs + ttlMs })
        .onConflict('name')
        .merge(['holder', 'expires_at'])
        .where('leases.expires_at', '<=', nowMs)
        .returning('name');
      return rows.length === 1;
    },
  };
}
