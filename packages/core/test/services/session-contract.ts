import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.js';
import type { Backend, TestParley } from '../support/test-parley.js';
import { createTestParley } from '../support/test-parley.js';
import { expectCode } from './expect-code.js';

const MINUTE = 60_000;

/** R2: lifecycle, ownership, expiry, restore, purge and cache invalidation against one backend. */
export function sessionContract(backend: Backend): void {
  describe(`sessions on ${backend.name}`, () => {
    let t: TestParley;
    let ada: User;
    let bob: User;
    beforeEach(async () => {
      t = await createTestParley(backend);
      ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
      bob = await t.parley.auth.register({ email: 'bob@example.com', password: 'password-bob' });
    });
    afterEach(() => t.cleanup());

    it('creates, gets and lists only my active sessions, most recent first', async () => {
      const first = await t.parley.sessions.create(ada.id, { title: 'Backend hire' });
      t.clock.advance(MINUTE);
      const second = await t.parley.sessions.create(ada.id);
      await t.parley.sessions.create(bob.id);
      expect(await t.parley.sessions.get(ada.id, first.id)).toMatchObject({
        title: 'Backend hire',
        status: 'active',
      });
      const mine = await t.parley.sessions.list(ada.id);
      expect(mine.map((s) => s.id)).toEqual([second.id, first.id]);
    });

    it("answers another user's session id exactly like a missing one: SESSION_NOT_FOUND", async () => {
      const session = await t.parley.sessions.create(ada.id);
      await t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'hello' });
      await expectCode(t.parley.sessions.get(bob.id, session.id), 'SESSION_NOT_FOUND');
      await expectCode(t.parley.sessions.close(bob.id, session.id), 'SESSION_NOT_FOUND');
      await expectCode(t.parley.sessions.restore(bob.id, session.id), 'SESSION_NOT_FOUND');
      await expectCode(t.parley.conversation.history(bob.id, session.id), 'SESSION_NOT_FOUND');
      await expectCode(
        t.parley.conversation.append(bob.id, session.id, { role: 'user', content: 'intrusion' }),
        'SESSION_NOT_FOUND',
      );
      await expectCode(t.parley.sessions.get(ada.id, crypto.randomUUID()), 'SESSION_NOT_FOUND');
      await expectCode(t.parley.sessions.get(ada.id, "1' OR '1'='1"), 'SESSION_NOT_FOUND');
      const history = await t.parley.conversation.history(ada.id, session.id);
      expect(history.messages.map((m) => m.content)).toEqual(['hello']);
      expect((await t.parley.sessions.get(ada.id, session.id)).status).toBe('active');
    });

    it('stays active while there is activity and expires after the idle TTL', async () => {
      const session = await t.parley.sessions.create(ada.id);
      t.clock.advance(29 * MINUTE);
      await t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'still here' });
      t.clock.advance(29 * MINUTE);
      await t.parley.sessions.touch(ada.id, session.id);
      t.clock.advance(29 * MINUTE);
      expect((await t.parley.sessions.get(ada.id, session.id)).status).toBe('active');
      t.clock.advance(2 * MINUTE);
      expect((await t.parley.sessions.get(ada.id, session.id)).status).toBe('expired');
      expect(await t.parley.sessions.list(ada.id)).toEqual([]);
      expect((await t.parley.sessions.list(ada.id, { status: 'expired' })).map((s) => s.id)).toEqual([
        session.id,
      ]);
    });

    it('restores within the window and refuses after it, keeping the history readable', async () => {
      const session = await t.parley.sessions.create(ada.id);
      await t.parley.conversation.append(ada.id, session.id, {
        role: 'user',
        content: 'we need a Rust engineer',
      });
      t.clock.advance(10 * MINUTE);
      const restored = await t.parley.sessions.restore(ada.id, session.id);
      expect(restored.id).toBe(session.id);
      expect(restored.lastActivityAt).toEqual(t.clock.now());
      t.clock.advance(31 * MINUTE);
      const error = await expectCode(t.parley.sessions.restore(ada.id, session.id), 'SESSION_EXPIRED');
      expect(error.details.sessionId).toBe(session.id);
      await expectCode(
        t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'too late' }),
        'SESSION_EXPIRED',
      );
      const history = await t.parley.conversation.history(ada.id, session.id);
      expect(history.messages.map((m) => m.content)).toEqual(['we need a Rust engineer']);
    });

    it('closes a session, drops it from the cache and refuses new messages with SESSION_CLOSED', async () => {
      const session = await t.parley.sessions.create(ada.id);
      await t.parley.sessions.get(ada.id, session.id);
      expect(await t.parley.internal.cache.get(`session:${session.id}`)).toBeDefined();
      const closed = await t.parley.sessions.close(ada.id, session.id);
      expect(closed).toMatchObject({ status: 'closed', closedAt: t.clock.now() });
      expect(await t.parley.internal.cache.get(`session:${session.id}`)).toBeUndefined();
      expect((await t.parley.sessions.get(ada.id, session.id)).status).toBe('closed');
      await expectCode(
        t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'after close' }),
        'SESSION_CLOSED',
      );
      expect((await t.parley.conversation.history(ada.id, session.id)).messages).toEqual([]);
      expect(await t.parley.sessions.list(ada.id, { status: 'closed' })).toHaveLength(1);
    });

    it('purges idle sessions in batches with counts, dry run first, and invalidates their cache entries', async () => {
      const idle = [await t.parley.sessions.create(ada.id), await t.parley.sessions.create(bob.id)];
      idle.push(await t.parley.sessions.create(ada.id));
      t.clock.advance(20 * MINUTE);
      const fresh = await t.parley.sessions.create(ada.id);
      t.clock.advance(15 * MINUTE);

      expect(await t.parley.internal.purge.run({ dryRun: true })).toEqual({
        expired: 3,
        deleted: 0,
        dryRun: true,
      });
      expect((await t.parley.internal.store.sessions.findById(idle[0]!.id))?.status).toBe('active');

      const progress: number[] = [];
      const result = await t.parley.internal.purge.run({
        batchSize: 2,
        onProgress: (p) => progress.push(p.expired),
      });
      expect(result).toEqual({ expired: 3, deleted: 0, dryRun: false });
      expect(progress).toEqual([2, 3]);
      for (const s of idle)
        expect((await t.parley.internal.store.sessions.findById(s.id))?.status).toBe('expired');
      expect((await t.parley.internal.store.sessions.findById(fresh.id))?.status).toBe('active');
      expect(await t.parley.internal.purge.run()).toEqual({ expired: 0, deleted: 0, dryRun: false });
    });

    it('deletes ended sessions older than a bound, with their messages', async () => {
      const old = await t.parley.sessions.create(ada.id);
      await t.parley.conversation.append(ada.id, old.id, { role: 'user', content: 'old talk' });
      const closed = await t.parley.sessions.create(ada.id);
      await t.parley.sessions.close(ada.id, closed.id);
      t.clock.advance(3 * 24 * 60 * MINUTE);
      const recent = await t.parley.sessions.create(ada.id);

      expect(
        await t.parley.internal.purge.run({ dryRun: true, deleteOlderThanMs: 24 * 60 * MINUTE }),
      ).toEqual({
        expired: 1,
        deleted: 1,
        dryRun: true,
      });
      const result = await t.parley.internal.purge.run({ deleteOlderThanMs: 24 * 60 * MINUTE });
      expect(result).toEqual({ expired: 1, deleted: 2, dryRun: false });
      await expectCode(t.parley.sessions.get(ada.id, old.id), 'SESSION_NOT_FOUND');
      await expectCode(t.parley.sessions.get(ada.id, closed.id), 'SESSION_NOT_FOUND');
      expect(await t.parley.internal.store.messages.page(old.id, { limit: 10, order: 'asc' })).toEqual([]);
      expect((await t.parley.sessions.get(ada.id, recent.id)).status).toBe('active');
    });

    it("leaves nothing of a deleted session in this process's memory of recent messages", async () => {
      const ended = await t.parley.sessions.create(ada.id);
      await t.parley.conversation.append(ada.id, ended.id, { role: 'user', content: 'said just now' });
      await t.parley.sessions.close(ada.id, ended.id);
      t.clock.advance(2 * MINUTE);
      expect(t.parley.internal.recent.pageBefore(ended.id, 2, 50)).toHaveLength(1);
      expect(await t.parley.internal.purge.run({ deleteOlderThanMs: MINUTE })).toMatchObject({ deleted: 1 });
      expect(t.parley.internal.recent.pageBefore(ended.id, 2, 50)).toBeUndefined();
    });

    it('runs the scheduled purge once per interval across concurrent callers', async () => {
      await t.parley.sessions.create(ada.id);
      t.clock.advance(31 * MINUTE);
      const runs = await Promise.all([1, 2, 3, 4].map(() => t.parley.internal.purge.runOnce(5 * MINUTE)));
      expect(runs.filter((r) => r !== undefined)).toEqual([{ expired: 1, deleted: 0, dryRun: false }]);
      expect(await t.parley.internal.purge.runOnce(5 * MINUTE)).toBeUndefined();
      t.clock.advance(5 * MINUTE);
      expect(await t.parley.internal.purge.runOnce(5 * MINUTE)).toEqual({
        expired: 0,
        deleted: 0,
        dryRun: false,
      });
    });

    it('rejects a bad list query with VALIDATION_FAILED naming the field', async () => {
      const error = await expectCode(
        t.parley.sessions.list(ada.id, { status: 'sleeping' as never }),
        'VALIDATION_FAILED',
      );
      expect(error.details.field).toBe('status');
      const limit = await expectCode(t.parley.sessions.list(ada.id, { limit: 500 }), 'VALIDATION_FAILED');
      expect(limit.details.field).toBe('limit');
      const offset = await expectCode(
        t.parley.sessions.list(ada.id, { offset: 2 ** 31 }),
        'VALIDATION_FAILED',
      );
      expect(offset.details.field).toBe('offset');
    });

    it('refuses a title with a NUL character with VALIDATION_FAILED and creates nothing', async () => {
      const before = await t.parley.sessions.list(ada.id);
      const error = await expectCode(
        t.parley.sessions.create(ada.id, { title: 'a\u0000b' }),
        'VALIDATION_FAILED',
      );
      expect(error.details.field).toBe('title');
      expect(await t.parley.sessions.list(ada.id)).toEqual(before);
    });
  });
}
