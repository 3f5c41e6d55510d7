import type { RevokedTokenRepository } from '../../ports/store.js';
import { toEpochMs } from './epoch-ms.js';
import type { StoreContext } from './store-context.js';

/** The token denylist as rows keyed by `jti`; revoking twice keeps the later expiry. */
export function createKnexRevokedTokenRepository(ctx: StoreContext): RevokedTokenRepository {
  return {
    async revoke(jti, expiresAt) {
      await ctx
        .table('revoked_tokens')
        .insert({ jti, expires_at: toEpochMs(expiresAt) })
        .onConflict('jti')
        .merge(['expires_at']);
    },
    async isRevoked(jti, now) {
      const row = await ctx
        .read('revoked_tokens')
        .where({ jti })
        .andWhere('expires_at', '>', toEpochMs(now))
        .first('jti');
      return row !== undefined;
    },
    async deleteExpired(now, limit) {
      const ids = ctx
        .table('revoked_tokens')
        .where('expires_at', '<=', toEpochMs(now))
        .limit(limit)
        .select('jti');
      return ctx.table('revoked_tokens').whereIn('jti', ids).delete();
    },
  };
}
