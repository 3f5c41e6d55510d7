import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MemoryItem } from '../../src/domain/memory-item.js';
import type { Store } from '../../src/ports/store.js';

const T0 = new Date('2030-01-01T00:00:00.123Z');
const later = (ms: number): Date => new Date(T0.getTime() + ms);

/** Issue 12 / R9.1: user memory items and the personalization switch on every Store adapter. */
export function memoryStoreContract(store: () => Store): void {
  describe('user memory', () => {
    async function user(): Promise<string> {
      const created = await store().users.create({
        id: randomUUID(),
        email: `${randomUUID()}@example.com`,
        passwordHash: null,
        displayName: null,
        createdAt: T0,
      });
      return created!.id;
    }
    const item = (userId: string, overrides: Partial<MemoryItem> = {}): MemoryItem => ({
      id: randomUUID(),
      userId,
      kind: 'preference',
      key: 'currency',
      value: 'EUR',
      sourceSessionId: 's1',
      sourceMessageId: 'm1',
      createdAt: T0,
      updatedAt: T0,
      ...overrides,
    });

    it('stores items per user and replaces the value of the same kind and key, keeping id and creation', async () => {
      const s = store();
      const ada = await user();
      const bob = await user();
      const first = await s.memory.upsert(item(ada));
      expect(first).toEqual(item(ada, { id: first.id }));
      const replaced = await s.memory.upsert(
        item(ada, { value: 'GBP', sourceMessageId: 'm2', updatedAt: later(5) }),
      );
      expect(replaced).toMatchObject({ id: first.id, value: 'GBP', sourceMessageId: 'm2', createdAt: T0 });
      expect(replaced.updatedAt).toEqual(later(5));
      await s.memory.upsert(item(ada, { kind: 'fact', key: 'stack', value: 'Elixir', createdAt: later(1) }));
      await s.memory.upsert(item(bob));

      expect((await s.memory.list(ada)).map((i) => i.value)).toEqual(['GBP', 'Elixir']);
      expect((await s.memory.list(bob)).map((i) => i.value)).toEqual(['EUR']);
      expect(await s.memory.findById(bob, first.id)).toBeUndefined();
    });

    it('updates and deletes only the owner’s items', async () => {
      const s = store();
      const ada = await user();
      const bob = await user();
      const kept = await s.memory.upsert(item(ada));
      expect(await s.memory.update(bob, kept.id, 'USD', later(1))).toBeUndefined();
      expect(await s.memory.delete(bob, kept.id)).toBe(false);
      expect(await s.memory.update(ada, kept.id, 'USD', later(1))).toMatchObject({
        value: 'USD',
        updatedAt: later(1),
      });
      expect(await s.memory.delete(ada, kept.id)).toBe(true);
      expect(await s.memory.list(ada)).toEqual([]);

      await s.memory.upsert(item(ada, { key: 'a' }));
      await s.memory.upsert(item(ada, { key: 'b' }));
      await s.memory.upsert(item(bob, { key: 'a' }));
      expect(await s.memory.deleteAll(ada)).toBe(2);
      expect(await s.memory.list(ada)).toEqual([]);
      expect(await s.memory.list(bob)).toHaveLength(1);
    });

    it('reads the switch and the items together in one read, as list and personalization give them', async () => {
      const s = store();
      const ada = await user();
      const bob = await user();
      const carol = await user();
      await s.memory.upsert(item(ada, { kind: 'fact', key: 'stack', value: 'Elixir', createdAt: later(2) }));
      await s.memory.upsert(item(ada, { key: 'currency', value: 'GBP', createdAt: later(1) }));
      await s.memory.upsert(item(bob, { key: 'currency', value: 'EUR' }));
      await s.memory.setPersonalization(bob, false, T0);
      await s.memory.setPersonalization(carol, true, T0);

      expect(await s.memory.context(ada)).toEqual({ personalization: true, items: await s.memory.list(ada) });
      expect((await s.memory.context(ada)).items.map((i) => i.value)).toEqual(['GBP', 'Elixir']);
      expect(await s.memory.context(bob)).toEqual({
        personalization: false,
        items: await s.memory.list(bob),
      });
      expect(await s.memory.context(carol)).toEqual({ personalization: true, items: [] });
      expect(await s.memory.context(randomUUID())).toEqual({ personalization: true, items: [] });
      await s.memory.setPersonalization(ada, false, later(3));
      expect((await s.memory.context(ada)).personalization).toBe(false);
    });

    it('keeps personalization on until switched off, per user', async () => {
      const s = store();
      const ada = await user();
      const bob = await user();
      expect(await s.memory.personalization(ada)).toBe(true);
      await s.memory.setPersonalization(ada, false, T0);
      expect(await s.memory.personalization(ada)).toBe(false);
      expect(await s.memory.personalization(bob)).toBe(true);
      await s.memory.setPersonalization(ada, true, later(1));
      expect(await s.memory.personalization(ada)).toBe(true);
    });
  });
}
