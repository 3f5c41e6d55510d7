import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type MemoryItem, type Parley } from '@parley/core';
import { startTestCore, type TestCore } from './support/test-core.js';
import type { ChatBackend } from '../src/chat/chat-backend.js';
import { connectRemoteChatBackend, loginToServer } from '../src/chat/remote-chat-backend.js';

const NO_SOURCE = { sessionId: null, messageId: null };

/**
 * `/memory` over a real server: REST `GET /me/memory`, `DELETE /me/memory/:id` and `PATCH /me`,
 * scoped to the logged-in user (R9.3).
 */
describe('remote chat backend: user memory against a real Parley server', () => {
  let core: TestCore;
  let parley: Parley;
  let backend: ChatBackend;
  let userId: string;
  let otherId: string;

  beforeAll(async () => {
    core = await startTestCore();
    ({ parley } = core);
    userId = (await parley.auth.register({ email: 'remote-mem@example.com', password: 'remote-password' }))
      .id;
    otherId = (await parley.auth.register({ email: 'remote-other@example.com', password: 'remote-password' }))
      .id;
    const url = await core.serve();
    backend = await connectRemoteChatBackend(
      url,
      await loginToServer(url, 'remote-mem@example.com', 'remote-password'),
    );
  });
  afterAll(async () => {
    await backend?.close();
    await core?.close();
  });

  it("lists the user's items (dates revived) with the switch, never another user's; forget deletes one; off and on switch it", async () => {
    expect(await backend.memory()).toEqual({ items: [], personalization: true });
    await parley.memory.remember(userId, [{ kind: 'preference', key: 'currency', value: 'EUR' }], NO_SOURCE);
    await parley.memory.remember(userId, [{ kind: 'fact', key: 'location', value: 'Lisbon' }], NO_SOURCE);
    await parley.memory.remember(otherId, [{ kind: 'fact', key: 'stack', value: 'Elixir' }], NO_SOURCE);

    const listed = await backend.memory();
    expect(listed.items).toEqual(await parley.memory.list(userId));
    expect(listed.items.map((item) => item.key)).toEqual(['currency', 'location']);
    expect(listed.items[0]?.createdAt).toBeInstanceOf(Date);

    await backend.forgetMemory(listed.items[0]?.id ?? '');
    expect((await backend.memory()).items.map((item) => item.key)).toEqual(['location']);
    expect((await parley.memory.list(userId)).map((item) => item.key)).toEqual(['location']);

    await backend.setPersonalization(false);
    expect(await backend.memory()).toMatchObject({ personalization: false, items: [{ key: 'location' }] });
    expect((await parley.memory.context(userId)).personalization).toBe(false);
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
