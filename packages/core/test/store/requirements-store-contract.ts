import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  emptyRequirementsState,
  type RequirementsState,
} from '../../src/domain/requirements/requirements-state.js';
import type { NewRequirementsVersion, Store } from '../../src/ports/store.js';
import { expectCode } from '../services/expect-code.js';

const T0 = new Date('2030-01-01T00:00:00.123Z');

function withTitle(title: string): RequirementsState {
  const state = emptyRequirementsState();
  state.profile.title = { value: title, provenance: { source: 'user', at: T0.toISOString() } };
  state.locks = ['title'];
  return state;
}

/** Issue 10 / R7.4: current profile, version history and optimistic concurrency on every Store adapter. */
export function requirementsStoreContract(store: () => Store): void {
  describe('requirements', () => {
    async function session(): Promise<string> {
      const s = store();
      const user = await s.users.create({
        id: randomUUID(),
        email: `${randomUUID()}@example.com`,
        passwordHash: null,
        displayName: null,
        createdAt: T0,
      });
      const created = await s.sessions.create({
        id: randomUUID(),
        userId: user!.id,
        title: null,
        createdAt: T0,
      });
      return created.id;
    }
    const version = (sessionId: string, expectedVersion: number, title: string): NewRequirementsVersion => ({
      sessionId,
      expectedVersion,
      state: withTitle(title),
      by: ['user'],
      reason: `title ${title}`,
      changes: [{ field: 'title', before: null, after: title, source: 'user', reason: 'edited by the user' }],
      at: new Date(T0.getTime() + expectedVersion * 1000),
    });

    it('stores versions 1..n, the current state and the history oldest first', async () => {
      const s = store();
      const id = await session();
      expect(await s.requirements.get(id)).toBeUndefined();
      expect((await s.requirements.save(version(id, 0, 'Backend Engineer'))).version).toBe(1);
      const second = await s.requirements.save(version(id, 1, 'Platform Engineer'));
      expect(second).toEqual({
        sessionId: id,
        version: 2,
        state: withTitle('Platform Engineer'),
        updatedAt: new Date(T0.getTime() + 1000),
      });
      expect(await s.requirements.get(id)).toEqual(second);
      const history = await s.requirements.versions(id, { limit: 10, offset: 0 });
      expect(history.map((v) => [v.version, v.reason, v.by, v.state.profile.title?.value])).toEqual([
        [1, 'title Backend Engineer', ['user'], 'Backend Engineer'],
        [2, 'title Platform Engineer', ['user'], 'Platform Engineer'],
      ]);
      expect(history[1]?.changes).toEqual([
        {
          field: 'title',
          before: null,
          after: 'Platform Engineer',
          source: 'user',
          reason: 'edited by the user',
        },
      ]);
      expect(await s.requirements.versions(id, { limit: 1, offset: 1 })).toHaveLength(1);
    });

    it('refuses a stale version with VERSION_CONFLICT naming the current one, and writes nothing', async () => {
      const s = store();
      const id = await session();
      await s.requirements.save(version(id, 0, 'First'));
      await s.requirements.save(version(id, 1, 'Second'));
      const error = await expectCode(s.requirements.save(version(id, 1, 'Stale')), 'VERSION_CONFLICT');
      expect(error.details).toEqual({ currentVersion: 2 });
      await expectCode(s.requirements.save(version(id, 0, 'Stale too')), 'VERSION_CONFLICT');
      expect((await s.requirements.get(id))?.state.profile.title?.value).toBe('Second');
      expect(await s.requirements.versions(id, { limit: 10, offset: 0 })).toHaveLength(2);
    });

    it('lets exactly one of 8 concurrent writers of the same version win', async () => {
      const s = store();
      const id = await session();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => s.requirements.save(version(id, 0, `T${i}`))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected'))
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await s.requirements.versions(id, { limit: 10, offset: 0 })).toHaveLength(1);
    });

    it('refuses requirements for a session that does not exist with SESSION_NOT_FOUND', async () => {
      await expectCode(store().requirements.save(version(randomUUID(), 0, 'x')), 'SESSION_NOT_FOUND');
    });

    it('refuses the next version of a session purged meanwhile with SESSION_NOT_FOUND, not a conflict', async () => {
      const s = store();
      const id = await session();
      await s.requirements.save(version(id, 0, 'Engineer'));
      await s.sessions.setStatus(id, 'closed', T0);
      expect(await s.sessions.deleteEnded(new Date(T0.getTime() + 1), 100)).toContain(id);
      await expectCode(s.requirements.save(version(id, 1, 'Manager')), 'SESSION_NOT_FOUND');
      expect(await s.requirements.get(id)).toBeUndefined();
      expect(await s.requirements.versions(id, { limit: 10, offset: 0 })).toEqual([]);
    });
  });
}
