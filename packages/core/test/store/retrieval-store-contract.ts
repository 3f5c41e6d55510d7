import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import type { TestStore } from '../support/test-store.js';

const T0 = new Date('2030-01-01T00:00:00.123Z');

/** Issue 12 / R6.1: the lexical index and vectors on every Store adapter, scoped, and purged with their session. */
export function retrievalStoreContract(test: () => TestStore): void {
  describe('retrieval', () => {
    async function sessionWith(store: Store, contents: string[]) {
      const user = await store.users.create({
        id: randomUUID(),
        email: `${randomUUID()}@example.com`,
        passwordHash: null,
        displayName: null,
        createdAt: T0,
      });
      const session = await store.sessions.create({
        id: randomUUID(),
        userId: user!.id,
        title: null,
        createdAt: T0,
      });
      const messages = [];
      for (const content of contents) {
        messages.push(
          await store.messages.append({
            id: randomUUID(),
            sessionId: session.id,
            role: 'user',
            content,
            tokenCount: 5,
            status: 'complete',
            usage: null,
            toolCalls: null,
            toolCallId: null,
            createdAt: T0,
          }),
        );
      }
      return { userId: user!.id, sessionId: session.id, messages };
    }

    it('finds messages by words (stemmed), only the user’s session and only before the window', async () => {
      const { store } = test();
      const ada = await sessionWith(store, [
        'We hire Elixir developers',
        'Salaries in Lisbon',
        'Elixir again',
      ]);
      const bob = await sessionWith(store, ['Elixir at Bob’s']);
      const scope = { userId: ada.userId, sessionId: ada.sessionId, beforeSeq: 3, limit: 10 };
      expect((await store.retrieval.searchText(scope, ['elixir'])).map((h) => h.seq)).toEqual([1]);
      expect((await store.retrieval.searchText(scope, ['salary'])).map((h) => h.seq)).toEqual([2]);
      expect(await store.retrieval.searchText({ ...scope, userId: bob.userId }, ['elixir'])).toEqual([]);
      expect(await store.retrieval.searchText(scope, ['"; drop table messages; --'])).toEqual([]);
    });

    it('stores vectors as bytes, scores them by cosine, lists what is pending, and purges both with the session', async () => {
      const t = test();
      const { store } = t;
      const ada = await sessionWith(store, ['one', 'two', 'three']);
      const [m1, m2] = ada.messages;
      expect((await store.retrieval.pendingEmbeddings(ada.sessionId, 'm', 10)).map((p) => p.content)).toEqual(
        ['one', 'two', 'three'],
      );
      await store.retrieval.saveVectors('m', [
        { messageId: m1!.id, sessionId: ada.sessionId, vector: [1, 0] },
        { messageId: m2!.id, sessionId: ada.sessionId, vector: [0.6, 0.8] },
      ]);
      expect((await store.retrieval.pendingEmbeddings(ada.sessionId, 'm', 10)).map((p) => p.content)).toEqual(
        ['three'],
      );
      const scope = { userId: ada.userId, sessionId: ada.sessionId, beforeSeq: 10, limit: 5 };
      const hits = await store.retrieval.searchVectors(scope, 'm', [0, 1]);
      expect(hits.map((h) => h.seq)).toEqual([2, 1]);
      expect(hits[0]?.score).toBeCloseTo(0.8, 5);
      expect(await store.retrieval.searchVectors({ ...scope, userId: 'someone-else' }, 'm', [0, 1])).toEqual(
        [],
      );

      await store.sessions.setStatus(ada.sessionId, 'closed', T0);
      expect(await store.sessions.deleteEnded(new Date(T0.getTime() + 1), 100)).toContain(ada.sessionId);
      const left = await t.table('message_vectors').where('session_id', ada.sessionId).count({ n: '*' });
      expect(Number(left[0]?.n)).toBe(0);
      expect(await store.retrieval.searchText(scope, ['one'])).toEqual([]);
    });
  });
}
