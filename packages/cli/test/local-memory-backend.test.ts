import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type MemoryItem, type Parley } from '@parley/core';
import { startTestCore, type TestCore } from './support/test-core.js';
import type { ChatBackend } from '../src/chat/chat-backend.js';
import { createLocalChatBackend } from '../src/chat/local-chat-backend.js';

const NO_SOURCE = { sessionId: null, messageId: null };

/** `/memory` over the in-process core: the backend reads and changes only its own user's memory (R9.3). */
describe('local chat backend: user memory over a real core', () => {
  let core: TestCore;
  let parley: Parley;
  let backend: ChatBackend;
  let userId: string;
  let otherId: string;

  beforeAll(async () => {
    core = await startTestCore();
    ({ parley } = core);
    userId = (await parley.auth.register({ email: 'mem@example.com', password: 'memory-password' })).id;
    otherId = (await parley.auth.register({ email: 'other@example.com', password: 'memory-password' })).id;
    backend = createLocalChatBackend(parley, userId);
  });
  afterAll(async () => {
    await core?.close();
  });

  it("lists the user's items oldest first with the switch, never another user's; forget deletes one; off keeps the items", async () => {
    expect(await backend.memory()).toEqual({ items: [], personalization: true });
    await parley.memory.remember(userId, [{ kind: 'preference', key: 'currency', value: 'EUR' }], NO_SOURCE);
    await parley.memory.remember(userId, [{ kind: 'fact', key: 'location', value: 'Lisbon' }], NO_SOURCE);
    await parley.memory.remember(otherId, [{ kind: 'fact', key: 'stack', value: 'Elixir' }], NO_SOURCE);

    const listed = await backend.memory();
    expect(listed.personalization).toBe(true);
    expect(listed.items.map(({ key, value, userId: owner }) => ({ key, value, owner }))).toEqual([
      { key: 'currency', value: 'EUR', owner: userId },
      { key: 'location', value: 'Lisbon', owner: userId },
    ]);

    await backend.forgetMemory(listed.items[0]?.id ?? '');
    expect((await backend.memory()).items.map((item) => item.key)).toEqual(['location']);
    expect((await parley.memory.list(userId)).map((item) => item.key)).toEqual(['location']);

    await backend.setPersonalization(false);
    expect(await parley.memory.context(userId)).toMatchObject({ personalization: false });
    const off = await backend.memory();
    expect(off.personalization).toBe(false);
    expect(off.items.map((item) => item.key)).toEqual(['location']);
    await backend.setPersonalization(true);
    expect((await backend.memory()).personalization).toBe(true);

    expect((await parley.memory.list(otherId)).map((item) => item.key)).toEqual(['stack']);
  });

  it("forgetting an unknown id or another user's item is NOT_FOUND and deletes nothing", async () => {
    const [theirs] = await parley.memory.remember(
      otherId,
      [{ kind: 'preference', key: 'currency', value: 'GBP' }],
      NO_SOURCE,
    );
    const before = await backend.memory();
    for (const id of ['no-such-item', theirs?.id ?? '']) {
      const error = await backend.forgetMemory(id).catch((failure: unknown) => failure);
      expect(ParleyError.is(error, 'NOT_FOUND')).toBe(true);
    }
    expect(await backend.memory()).toEqual(before);
    expect((await parley.memory.list(otherId)).map((item) => item.value)).toContain('GBP');
  });

  it('watchLearned reports what a "remember that…" message teaches', async () => {
    const learned = new Promise<MemoryItem>((resolve) => {
      const stop = backend.watchLearned((item) => {
        stop();
        resolve(item);
      });
    });
    const sessionId = (await backend.create()).id;
    await backend.send(sessionId, 'Please remember that we always pay in GBP.');
    expect(await learned).toMatchObject({ userId, kind: 'preference', key: 'currency', value: 'GBP' });
  });
});
