import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import type { TestStore } from '../support/test-store.js';

const T0 = new Date('2030-01-01T00:00:00.123Z');

/** Issue 12 / R6.1: the lexical index and vectors on every Store adapter, scoped, and purged with their session. */
export function retrievalStoreContract(test: () => TestStore): void {
  describe('retrieval', () => {
    async function sessionWith(store: Store, contents: string[], userId?: string) {
      const user = userId
        ? { id: userId }
        : await store.users.create({
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

    it.each([
      ['a session searched from its own rows', 4],
      ['a session too long for that, through the whole index', 20_000],
    ])('finds the same: %s (up to beforeSeq %i), never other sessions’ matches', async (_plan, beforeSeq) => {
      const { store } = test();
      const ada = await sessionWith(store, ['Rust and Kafka', 'Kafka only', 'Rust wins', 'later rust']);
      await sessionWith(store, ['Rust elsewhere', 'Kafka elsewhere'], ada.userId);
      await sessionWith(store, ['Rust at Bob’s']);
      const scope = { userId: ada.userId, sessionId: ada.sessionId, beforeSeq, limit: 10 };
      const seqs = (await store.retrieval.searchText(scope, ['rust', 'kafka'])).map((h) => h.seq);
      expect(seqs.sort((a, b) => a - b)).toEqual(beforeSeq === 4 ? [1, 2, 3] : [1, 2, 3, 4]);
    });

    it('ranks first the messages holding a rare word, or all of the words, among thousands holding common ones', async () => {
      const { store } = test();
      const contents = [
        ...Array.from({ length: 2_100 }, (_, i) => `Weekly logistics sync ${i}`),
        ...Array.from({ length: 2_100 }, (_, i) => `Travel booking ${i}`),
        'Logistics of the travel to Lisbon',
        'Travel and logistics budget',
        'The project codename with logistics',
      ];
      const ada = await sessionWith(store, []);
      await store.messages.appendMany(
        ada.sessionId,
        contents.map((content) => ({
          id: randomUUID(),
          sessionId: ada.sessionId,
          role: 'user' as const,
          content,
          tokenCount: 5,
          status: 'complete' as const,
          usage: null,
          toolCalls: null,
          toolCallId: null,
          createdAt: T0,
        })),
      );
      const scope = { userId: ada.userId, sessionId: ada.sessionId, beforeSeq: 10_000, limit: 2 };
      const contentOf = (seq: number | undefined) => contents[(seq ?? 0) - 1];
      const [rare] = await store.retrieval.searchText(scope, ['logistics', 'codename']);
      expect(contentOf(rare?.seq)).toBe('The project codename with logistics');
      const both = await store.retrieval.searchText(scope, ['travel', 'logistics']);
      expect(both.map((hit) => contentOf(hit.seq)).sort()).toEqual([
        'Logistics of the travel to Lisbon',
        'Travel and logistics budget',
      ]);
    });

    it('searches all of the user’s sessions when asked wider, never another user’s', async () => {
      const { store } = test();
      const ada = await sessionWith(store, ['Elixir developers in Lisbon', 'Current question about Elixir']);
      const adaEarlier = await sessionWith(store, ['Our Elixir stack is old', 'Nothing here'], ada.userId);
      const bob = await sessionWith(store, ['Bob hires Elixir people too']);
      const scope = { userId: ada.userId, sessionId: ada.sessionId, beforeSeq: 2, limit: 10 };
      const found = async (s: typeof scope & { across?: 'session' | 'user' }) =>
        (await store.retrieval.searchText(s, ['elixir'])).map((h) => `${h.sessionId}:${h.seq}`).sort();

      expect(await found(scope)).toEqual([`${ada.sessionId}:1`]);
      expect(await found({ ...scope, across: 'session' })).toEqual([`${ada.sessionId}:1`]);
      expect(await found({ ...scope, across: 'user' })).toEqual(
        [`${ada.sessionId}:1`, `${adaEarlier.sessionId}:1`].sort(),
      );
      // Bob asking with Ada's session id still finds only his own messages.
      expect(await found({ ...scope, userId: bob.userId, across: 'user' })).toEqual([`${bob.sessionId}:1`]);
      expect(await found({ ...scope, userId: bob.userId })).toEqual([]);

      const vectors = [ada, adaEarlier, bob].map((s) => ({
        messageId: s.messages[0]!.id,
        sessionId: s.sessionId,
        vector: [1, 0],
      }));
      await store.retrieval.saveVectors('m', vectors);
      const near = async (s: typeof scope & { across?: 'session' | 'user' }) =>
        (await store.retrieval.searchVectors(s, 'm', [1, 0])).map((h) => h.sessionId).sort();
      expect(await near(scope)).toEqual([ada.sessionId]);
      expect(await near({ ...scope, across: 'user' })).toEqual([ada.sessionId, adaEarlier.sessionId].sort());
      expect(await near({ ...scope, beforeSeq: 1, across: 'user' })).toEqual([adaEarlier.sessionId]);
    });

    it('indexes kept search results by title, content and URL words, scoped like messages, gone with their session', async () => {
      const t = test();
      const { store } = t;
      const ada = await sessionWith(store, ['We hire']);
      const adaEarlier = await sessionWith(store, ['Earlier'], ada.userId);
      const bob = await sessionWith(store, ['Bob']);
      const keep = async (sessionId: string, url: string, title: string, content: string) => {
        const searchId = randomUUID();
        await store.searches.save({
          id: searchId,
          sessionId,
          intent: 'market',
          query: null,
          queries: ['q'],
          results: [],
          fromCache: false,
          degraded: false,
          stale: false,
          createdAt: T0,
        });
        await store.searches.keep({ sessionId, searchId, url, title, content, keptAt: T0 });
      };
      await keep(ada.sessionId, 'https://pay.example/salaries/lisbon', 'Developer pay', 'Median 62k EUR');
      await keep(ada.sessionId, 'https://jobs.example/x', 'Elixir engineer postings', 'Remote roles');
      await keep(adaEarlier.sessionId, 'https://old.example/', 'Salaries in Porto', 'Older survey');
      await keep(bob.sessionId, 'https://bob.example/salaries', 'Salaries for Bob', 'Not Ada’s');
      const scope = { userId: ada.userId, sessionId: ada.sessionId, beforeSeq: 1, limit: 10 };
      const urls = async (terms: string[], s: typeof scope & { across?: 'session' | 'user' } = scope) =>
        (await store.retrieval.searchKept(s, terms)).map((h) => h.url).sort();

      expect(await urls(['salary'])).toEqual(['https://pay.example/salaries/lisbon']);
      expect(await urls(['lisbon'])).toEqual(['https://pay.example/salaries/lisbon']);
      expect(await urls(['median'])).toEqual(['https://pay.example/salaries/lisbon']);
      expect(await urls(['elixir'])).toEqual(['https://jobs.example/x']);
      expect(await urls(['salaries'], { ...scope, across: 'user' })).toEqual([
        'https://old.example/',
        'https://pay.example/salaries/lisbon',
      ]);
      expect(await urls(['salaries'], { ...scope, userId: bob.userId, across: 'user' })).toEqual([
        'https://bob.example/salaries',
      ]);
      expect(await urls(['salaries'], { ...scope, userId: bob.userId })).toEqual([]);
      expect(await urls(['"; drop table kept_results; --'])).toEqual([]);
      const [hit] = await store.retrieval.searchKept(scope, ['median']);
      expect(hit).toMatchObject({
        sessionId: ada.sessionId,
        title: 'Developer pay',
        content: 'Median 62k EUR',
      });
      expect(hit?.score).toBeGreaterThan(0);

      await store.sessions.setStatus(ada.sessionId, 'closed', T0);
      expect(await store.sessions.deleteEnded(new Date(T0.getTime() + 1), 100)).toContain(ada.sessionId);
      expect(await urls(['salaries', 'elixir'], { ...scope, across: 'user' })).toEqual([
        'https://old.example/',
      ]);
      if (t.knex.client.config.client !== 'pg') {
        const indexed: { n: number }[] = await t.knex.raw(
          `select count(*) as n from kept_results_fts where kept_results_fts match 'median OR elixir'`,
        );
        expect(Number(indexed[0]?.n)).toBe(0);
      }
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
      expect(await store.retrieval.pendingEmbeddings(ada.sessionId, 'm', 10, 2)).toEqual([
        { messageId: ada.messages[2]!.id, sessionId: ada.sessionId, seq: 3, content: 'three' },
      ]);
      expect(await store.retrieval.pendingEmbeddings(ada.sessionId, 'm', 10, 3)).toEqual([]);
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
