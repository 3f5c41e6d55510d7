import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageUsage } from '../../src/domain/message.js';
import type { SearchRun } from '../../src/domain/search.js';
import type { Session } from '../../src/domain/session.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import type { NewMessage, Store } from '../../src/ports/store.js';
import { parleyMigrationSource } from '../../src/adapters/store/migrations/parley-migration-source.js';
import type { TestStore } from '../support/test-store.js';
import { emptyRequirementsState } from '../../src/domain/requirements/requirements-state.js';
import { memoryStoreContract } from './memory-store-contract.js';
import { requirementsStoreContract } from './requirements-store-contract.js';
import { retrievalStoreContract } from './retrieval-store-contract.js';

const T0 = new Date('2030-01-01T00:00:00.123Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

/** A stored user for a store test. */
export async function newUser(store: Store, email = `${randomUUID()}@example.com`) {
  const user = await store.users.create({
    id: randomUUID(),
    email,
    passwordHash: 'kdf$hash',
    displayName: 'Ada',
    createdAt: T0,
  });
  if (!user) throw new Error('test setup: user not created');
  return user;
}

/** A stored session of `userId` for a store test. */
export function newSession(store: Store, userId: string, createdAt = T0): Promise<Session> {
  return store.sessions.create({ id: randomUUID(), userId, title: null, createdAt });
}

/** A message to append in a store test: a one-token user message unless overridden. */
export function newMessage(sessionId: string, overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    id: randomUUID(),
    sessionId,
    role: 'user',
    content: 'hello',
    tokenCount: 1,
    status: 'complete',
    usage: null,
    toolCalls: null,
    toolCallId: null,
    createdAt: T0,
    ...overrides,
  };
}

function newSearchRun(sessionId: string, createdAt: Date): SearchRun {
  return {
    id: randomUUID(),
    sessionId,
    intent: 'market',
    query: 'go salary berlin',
    queries: ['go salary berlin'],
    results: [
      {
        title: 'Go pay',
        url: 'https://pay.example/go',
        content: 'Senior Go in Berlin',
        score: 0.72,
        reasons: { matched: ['Go', 'Berlin'], missing: ['Kubernetes'], stale: false },
        publishedAt: '2026-10-01',
      },
    ],
    fromCache: false,
    degraded: false,
    stale: false,
    createdAt,
  };
}

/**
 * The behaviour every Store adapter must show (R2.4, R2.5, R4.1, R4.2, R13.2). `factory` returns a
 * fresh, migrated store; the suite cleans it up.
 */
export function storeContract(name: string, factory: () => Promise<TestStore>): void {
  describe(`Store contract: ${name}`, () => {
    let t: TestStore;
    let store: Store;
    beforeAll(async () => {
      t = await factory();
      store = t.store;
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    describe('users', () => {
      it('creates a user, finds it by id and by email in any case, and never returns the hash from create', async () => {
        const email = `Mixed.${randomUUID()}@Example.COM`;
        const created = await newUser(store, email);
        expect(created).toEqual({
          id: created.id,
          email: email.toLowerCase(),
          displayName: 'Ada',
          createdAt: T0,
        });
        expect(created).not.toHaveProperty('passwordHash');
        expect(await store.users.findById(created.id)).toEqual(created);
        expect(await store.users.findByEmail(email.toUpperCase())).toEqual({
          ...created,
          passwordHash: 'kdf$hash',
        });
        expect(await store.users.findByEmail('nobody@example.com')).toBeUndefined();
        expect(await store.users.findById(randomUUID())).toBeUndefined();
      });

      it('answers undefined for a taken email in another case and leaves the first user unchanged', async () => {
        const email = `taken-${randomUUID()}@example.com`;
        const first = await newUser(store, email);
        const secondId = randomUUID();
        const second = await store.users.create({
          id: secondId,
          email: email.toUpperCase(),
          passwordHash: 'other',
          displayName: 'Mallory',
          createdAt: minutes(1),
        });
        expect(second).toBeUndefined();
        expect(await store.users.findByEmail(email)).toEqual({ ...first, passwordHash: 'kdf$hash' });
        expect(await store.users.findById(secondId)).toBeUndefined();
      });

      it('lets exactly one of several concurrent registrations of one email win', async () => {
        const email = `race-${randomUUID()}@example.com`;
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.users.create({
              id: randomUUID(),
              email,
              passwordHash: null,
              displayName: `u${i}`,
              createdAt: T0,
            }),
          ),
        );
        expect(results.filter((user) => user !== undefined)).toHaveLength(1);
      });

      it('lists users oldest first with limit and offset', async () => {
        const fresh = await factory();
        try {
          for (const [i, at] of [minutes(2), minutes(0), minutes(1)].entries()) {
            await fresh.store.users.create({
              id: `user-${i}`,
              email: `u${i}@example.com`,
              passwordHash: null,
              displayName: null,
              createdAt: at,
            });
          }
          const all = await fresh.store.users.list({ limit: 10, offset: 0 });
          expect(all.map((user) => user.id)).toEqual(['user-1', 'user-2', 'user-0']);
          const page = await fresh.store.users.list({ limit: 1, offset: 1 });
          expect(page.map((user) => user.id)).toEqual(['user-2']);
        } finally {
          await fresh.cleanup();
        }
      });
    });

    describe('sessions', () => {
      it('creates an active empty session and finds it', async () => {
        const user = await newUser(store);
        const session = await store.sessions.create({
          id: randomUUID(),
          userId: user.id,
          title: 'Hiring',
          createdAt: T0,
        });
        expect(session).toEqual({
          id: session.id,
          userId: user.id,
          title: 'Hiring',
          status: 'active',
          lastSeq: 0,
          keptResults: 0,
          summaryToSeq: 0,
          createdAt: T0,
          lastActivityAt: T0,
          closedAt: null,
        });
        expect(await store.sessions.findById(session.id)).toEqual(session);
        expect(await store.sessions.findById(randomUUID())).toBeUndefined();
      });

      it('refuses a session for a user that does not exist', async () => {
        await expect(newSession(store, randomUUID())).rejects.toThrow();
      });

      it('lists by user and status against the idle cutoff, most recently active first', async () => {
        const user = await newUser(store);
        const other = await newUser(store);
        const older = await newSession(store, user.id, minutes(50));
        const newer = await newSession(store, user.id, minutes(55));
        const idle = await newSession(store, user.id, minutes(10));
        const closed = await newSession(store, user.id, minutes(52));
        await store.sessions.setStatus(closed.id, 'closed', minutes(53));
        const marked = await newSession(store, user.id, minutes(5));
        await store.sessions.setStatus(marked.id, 'expired', minutes(40));
        await newSession(store, other.id, minutes(56));

        const list = (status?: Session['status']) =>
          store.sessions.list({ userId: user.id, status, idleCutoff: minutes(30), limit: 10 });

        expect((await list('active')).map((s) => s.id)).toEqual([newer.id, older.id]);
        const expired = await list('expired');
        expect(expired.map((s) => s.id)).toEqual([idle.id, marked.id]);
        expect(expired.map((s) => s.status)).toEqual(['expired', 'expired']);
        expect((await list('closed')).map((s) => s.id)).toEqual([closed.id]);
        const all = await list();
        expect(all.map((s) => [s.id, s.status])).toEqual([
          [newer.id, 'active'],
          [closed.id, 'closed'],
          [older.id, 'active'],
          [idle.id, 'expired'],
          [marked.id, 'expired'],
        ]);
        const second = await store.sessions.list({
          userId: user.id,
          idleCutoff: minutes(30),
          limit: 2,
          offset: 2,
        });
        expect(second.map((s) => s.id)).toEqual([older.id, idle.id]);
      });

      it('touch moves last activity forward and never back', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        expect((await store.sessions.touch(session.id, minutes(10)))?.lastActivityAt).toEqual(minutes(10));
        expect((await store.sessions.touch(session.id, minutes(5)))?.lastActivityAt).toEqual(minutes(10));
        expect((await store.sessions.findById(session.id))?.lastActivityAt).toEqual(minutes(10));
        expect(await store.sessions.touch(randomUUID(), minutes(10))).toBeUndefined();
      });

      it('setStatus closed stamps closedAt once; setTitle renames', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const closed = await store.sessions.setStatus(session.id, 'closed', minutes(3));
        expect(closed).toMatchObject({ status: 'closed', closedAt: minutes(3) });
        expect((await store.sessions.setStatus(session.id, 'closed', minutes(9)))?.closedAt).toEqual(
          minutes(3),
        );
        await store.sessions.setTitle(session.id, 'Senior Go engineer');
        expect(await store.sessions.findById(session.id)).toMatchObject({
          title: 'Senior Go engineer',
          status: 'closed',
        });
        expect(await store.sessions.setStatus(randomUUID(), 'closed', minutes(3))).toBeUndefined();
      });
    });

    describe('purge', () => {
      let local: TestStore;
      beforeEach(async () => {
        local = await factory();
      });
      afterEach(async () => {
        await local.cleanup();
      });

      it('expires idle sessions in batches, counting them first, and leaves fresh ones active', async () => {
        const s = local.store;
        const user = await newUser(s);
        const idle = [];
        for (let i = 0; i < 5; i += 1) idle.push((await newSession(s, user.id, minutes(i))).id);
        const fresh = await newSession(s, user.id, minutes(60));
        const closed = await newSession(s, user.id, minutes(1));
        await s.sessions.setStatus(closed.id, 'closed', minutes(2));

        expect(await s.sessions.countIdle(minutes(30))).toBe(5);
        const first = await s.sessions.expireIdle(minutes(30), 3);
        expect(first).toHaveLength(3);
        expect(await s.sessions.countIdle(minutes(30))).toBe(2);
        const rest = await s.sessions.expireIdle(minutes(30), 3);
        expect([...first, ...rest].sort()).toEqual([...idle].sort());
        expect(await s.sessions.expireIdle(minutes(30), 3)).toEqual([]);
        expect((await s.sessions.findById(idle[0] as string))?.status).toBe('expired');
        expect((await s.sessions.findById(fresh.id))?.status).toBe('active');
        expect((await s.sessions.findById(closed.id))?.status).toBe('closed');
      });

      it('deletes ended sessions with their messages, summaries and requirements, in batches, sparing active and recent ones', async () => {
        const s = local.store;
        const user = await newUser(s);
        const ended: string[] = [];
        for (let i = 0; i < 3; i += 1) {
          const session = await newSession(s, user.id, minutes(i));
          await s.messages.append(newMessage(session.id, { createdAt: minutes(i) }));
          await s.summaries.save({
            sessionId: session.id,
            fromSeq: 1,
            toSeq: 1,
            content: 'x',
            tokenCount: 1,
            createdAt: T0,
          });
          await s.requirements.save({
            sessionId: session.id,
            expectedVersion: 0,
            state: emptyRequirementsState(),
            by: ['rule'],
            reason: 'x',
            changes: [],
            at: T0,
          });
          const run = newSearchRun(session.id, minutes(i));
          await s.searches.save(run);
          await s.searches.keep({
            sessionId: session.id,
            searchId: run.id,
            url: 'https://pay.example/go',
            title: 'Go pay',
            content: 'x',
            keptAt: minutes(i),
          });
          await s.sessions.setStatus(session.id, i === 0 ? 'closed' : 'expired', minutes(20));
          ended.push(session.id);
        }
        const recentClosed = await newSession(s, user.id, minutes(100));
        await s.sessions.setStatus(recentClosed.id, 'closed', minutes(101));
        const oldActive = await newSession(s, user.id, minutes(0));

        expect(await s.sessions.countEnded(minutes(50))).toBe(3);
        const first = await s.sessions.deleteEnded(minutes(50), 2);
        expect(first).toHaveLength(2);
        const rest = await s.sessions.deleteEnded(minutes(50), 2);
        expect([...first, ...rest].sort()).toEqual([...ended].sort());
        expect(await s.sessions.countEnded(minutes(50))).toBe(0);

        for (const id of ended) {
          expect(await s.sessions.findById(id)).toBeUndefined();
          expect(await s.summaries.latest(id)).toBeUndefined();
        }
        const derived = [
          'messages',
          'requirement_profiles',
          'requirement_versions',
          'search_runs',
          'kept_results',
        ];
        for (const table of derived) {
          const leftover = await local.table(table).whereIn('session_id', ended).count({ n: '*' });
          expect(Number(leftover[0]?.n), table).toBe(0);
        }
        expect(await s.sessions.findById(recentClosed.id)).toBeDefined();
        expect(await s.sessions.findById(oldActive.id)).toBeDefined();
      });
    });

    requirementsStoreContract(() => store);
    memoryStoreContract(() => store);
    retrievalStoreContract(() => t);

    describe('messages', () => {
      it('reads a few ranges of several sessions at once, by session then seq, each message once', async () => {
        const user = await newUser(store);
        const [a, b] = [await newSession(store, user.id), await newSession(store, user.id)];
        for (const session of [a, b])
          await store.messages.appendMany(
            session.id,
            Array.from({ length: 8 }, (_, i) =>
              newMessage(session.id, { content: `${session.id}:${i + 1}` }),
            ),
          );
        const read = await store.messages.ranges([
          { sessionId: a.id, from: 6, to: 7 },
          { sessionId: b.id, from: 2, to: 3 },
          { sessionId: a.id, from: 1, to: 2 },
          { sessionId: a.id, from: 2, to: 3 },
          { sessionId: b.id, from: 8, to: 9 },
        ]);
        const wanted = [
          ...[1, 2, 3, 6, 7].map((seq) => `${a.id}:${seq}`),
          ...[2, 3, 8].map((seq) => `${b.id}:${seq}`),
        ].sort();
        expect(read.map((m) => `${m.sessionId}:${m.seq}`)).toEqual(wanted);
        expect(read.every((m) => m.content === `${m.sessionId}:${m.seq}`)).toBe(true);
        expect(await store.messages.ranges([])).toEqual([]);
      });

      it('appends with sequence numbers 1..n and moves lastSeq and lastActivityAt forward only', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const usage: MessageUsage = {
          model: 'm',
          promptTokens: 10,
          completionTokens: 5,
          latencyMs: 120,
          firstTokenMs: 40,
        };
        const first = await store.messages.append(newMessage(session.id, { createdAt: minutes(5) }));
        const second = await store.messages.append(
          newMessage(session.id, {
            role: 'assistant',
            status: 'incomplete',
            usage,
            tokenCount: 7,
            createdAt: minutes(6),
          }),
        );
        const third = await store.messages.append(newMessage(session.id, { createdAt: minutes(2) }));
        expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
        expect(await store.sessions.findById(session.id)).toMatchObject({
          lastSeq: 3,
          lastActivityAt: minutes(6),
        });

        const stored = await store.messages.page(session.id, { limit: 10, order: 'asc' });
        expect(stored).toEqual([first, second, third]);
        expect(stored[1]).toEqual({
          id: second.id,
          sessionId: session.id,
          seq: 2,
          role: 'assistant',
          content: 'hello',
          tokenCount: 7,
          status: 'incomplete',
          usage,
          toolCalls: null,
          toolCallId: null,
          createdAt: minutes(6),
        });
      });

      it('gives 50 parallel appends on one session exactly the numbers 1..50', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const appended = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.messages.append(newMessage(session.id, { content: `m${i}` })),
          ),
        );
        const expected = Array.from({ length: 50 }, (_, i) => i + 1);
        expect(appended.map((m) => m.seq).sort((a, b) => a - b)).toEqual(expected);
        const stored = await store.messages.page(session.id, { limit: 100, order: 'asc' });
        expect(stored.map((m) => m.seq)).toEqual(expected);
        expect((await store.sessions.findById(session.id))?.lastSeq).toBe(50);
      });

      it('stores a message appended twice with the same id once (a write retried after a lost reply)', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const message = newMessage(session.id, { content: 'the answer' });
        const first = await store.messages.append(message);
        const again = await store.messages.append(message);
        expect(again).toEqual(first);
        const stored = await store.messages.page(session.id, { limit: 10, order: 'asc' });
        expect(stored.map((m) => [m.id, m.seq])).toEqual([[message.id, 1]]);
        expect((await store.sessions.findById(session.id))?.lastSeq).toBe(1);
      });

      it('rejects an append to an unknown session with SESSION_NOT_FOUND and stores nothing', async () => {
        const sessionId = randomUUID();
        const before = await t.table('messages').count({ n: '*' });
        const error = await store.messages.append(newMessage(sessionId)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ParleyError);
        expect((error as ParleyError).code).toBe('SESSION_NOT_FOUND');
        const after = await t.table('messages').count({ n: '*' });
        expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
        expect(await store.sessions.findById(sessionId)).toBeUndefined();
      });

      it('appendMany numbers a batch after the stored messages in one go; an unknown session stores nothing', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        await store.messages.append(newMessage(session.id, { content: 'first', createdAt: minutes(1) }));
        const batch = Array.from({ length: 1_200 }, (_, i) =>
          newMessage(session.id, { content: `bulk ${i}`, createdAt: minutes(i === 7 ? 30 : 2) }),
        );
        const stored = await store.messages.appendMany(session.id, batch);
        expect(stored.map((m) => m.seq)).toEqual(batch.map((_, i) => i + 2));
        expect(await store.sessions.findById(session.id)).toMatchObject({
          lastSeq: 1_201,
          lastActivityAt: minutes(30),
        });
        const page = await store.messages.page(session.id, { after: 1_199, limit: 5, order: 'asc' });
        expect(page.map((m) => [m.seq, m.content])).toEqual([
          [1_200, 'bulk 1198'],
          [1_201, 'bulk 1199'],
        ]);
        expect(await store.messages.appendMany(session.id, [])).toEqual([]);

        const before = await t.table('messages').count({ n: '*' });
        const error = await store.messages
          .appendMany(randomUUID(), [newMessage(session.id)])
          .catch((e: unknown) => e);
        expect((error as ParleyError).code).toBe('SESSION_NOT_FOUND');
        const after = await t.table('messages').count({ n: '*' });
        expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
      });

      it("keeps an assistant message's tool calls and a tool message's call id", async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const toolCalls = [{ id: 'call_1', name: 'web_search', arguments: '{"query":"go salaries"}' }];
        await store.messages.append(newMessage(session.id, { role: 'assistant', content: '', toolCalls }));
        await store.messages.append(
          newMessage(session.id, { role: 'tool', content: '3 results', toolCallId: 'call_1' }),
        );
        const [call, result] = await store.messages.page(session.id, { limit: 10, order: 'asc' });
        expect(call).toMatchObject({ role: 'assistant', content: '', toolCalls, toolCallId: null });
        expect(result).toMatchObject({ role: 'tool', toolCalls: null, toolCallId: 'call_1' });
      });

      it('with a condition, appends only to a session the database holds active, else stores nothing', async () => {
        const user = await newUser(store);
        const open = await newSession(store, user.id, minutes(0));
        const closed = await newSession(store, user.id, minutes(0));
        const idle = await newSession(store, user.id, minutes(0));
        await store.sessions.setStatus(closed.id, 'closed', minutes(1));
        await store.sessions.touch(open.id, minutes(10));
        const condition = { activeAfter: minutes(5) };
        const appended = await store.messages.append(
          newMessage(open.id, { createdAt: minutes(11) }),
          condition,
        );
        expect(appended.seq).toBe(1);
        for (const [session, code] of [
          [closed, 'SESSION_CLOSED'],
          [idle, 'SESSION_EXPIRED'],
          [{ id: randomUUID() }, 'SESSION_NOT_FOUND'],
        ] as const) {
          const error = await store.messages
            .append(newMessage(session.id), condition)
            .catch((e: unknown) => e);
          expect((error as ParleyError).code).toBe(code);
          expect(await store.messages.page(session.id, { limit: 10, order: 'asc' })).toEqual([]);
        }
        expect((await store.sessions.findById(closed.id))?.lastSeq).toBe(0);
        expect((await store.sessions.findById(idle.id))?.lastSeq).toBe(0);
      });

      it('pages oldest or newest first with exclusive before/after cursors and a limit', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        for (let i = 0; i < 10; i += 1) await store.messages.append(newMessage(session.id));
        const seqs = async (page: Parameters<Store['messages']['page']>[1]) =>
          (await store.messages.page(session.id, page)).map((m) => m.seq);

        expect(await seqs({ limit: 3, order: 'desc' })).toEqual([10, 9, 8]);
        expect(await seqs({ limit: 3, order: 'desc', before: 8 })).toEqual([7, 6, 5]);
        expect(await seqs({ limit: 3, order: 'asc' })).toEqual([1, 2, 3]);
        expect(await seqs({ limit: 3, order: 'asc', after: 3 })).toEqual([4, 5, 6]);
        expect(await seqs({ limit: 10, order: 'asc', after: 3, before: 6 })).toEqual([4, 5]);
        expect(await seqs({ limit: 3, order: 'desc', before: 1 })).toEqual([]);
        expect(await store.messages.page(randomUUID(), { limit: 3, order: 'desc' })).toEqual([]);
      });

      it('pages a 5,000-message history through the (session_id, seq) index, without scanning or sorting', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const total = 5_000;
        const rows = Array.from({ length: total }, (_, i) => ({
          id: randomUUID(),
          session_id: session.id,
          seq: i + 1,
          role: i % 2 === 0 ? 'user' : 'assistant',
          content: `message ${i + 1}`,
          token_count: 3,
          status: 'complete',
          usage: null,
          created_at: T0.getTime() + i,
        }));
        for (let i = 0; i < total; i += 500) await t.table('messages').insert(rows.slice(i, i + 500));
        await t.table('sessions').where('id', session.id).update({ last_seq: total });

        const newest = await store.messages.page(session.id, { limit: 50, order: 'desc' });
        expect(newest.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => total - i));
        const middle = await store.messages.page(session.id, { limit: 50, order: 'desc', before: 2_501 });
        expect(middle[0]?.seq).toBe(2_500);
        expect(middle.at(-1)?.seq).toBe(2_451);
        const oldest = await store.messages.page(session.id, { limit: 2, order: 'asc', after: 0 });
        expect(oldest.map((m) => m.content)).toEqual(['message 1', 'message 2']);
        const appended = await store.messages.append(newMessage(session.id));
        expect(appended.seq).toBe(total + 1);

        for (const page of [
          { limit: 50, order: 'desc', before: 2_501 },
          { limit: 50, order: 'asc', after: 4_000 },
        ] as const) {
          const queries: { sql: string; bindings: unknown[] }[] = [];
          const record = (query: { sql: string; bindings: unknown[] }) => queries.push(query);
          t.knex.on('query', record);
          await store.messages.page(session.id, page);
          t.knex.removeListener('query', record);
          expect(queries).toHaveLength(1);
          const query = queries[0] as { sql: string; bindings: unknown[] };
          const plan = await t.planOf(query.sql, query.bindings);
          expect(plan).toContain('messages_session_seq_key');
          expect(plan).not.toMatch(/Seq Scan on messages|SCAN messages\b/);
          expect(plan).not.toMatch(/\bSort\b|TEMP B-TREE/);
        }
      });
    });

    describe('history head', () => {
      it('reads the latest summary and the newest page below a bound together, as page and latest read them', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        expect(await store.messages.head(session.id, { before: 10, limit: 3 })).toEqual({
          summary: undefined,
          messages: [],
        });
        const toolCalls = [{ id: 'call_1', name: 'web_search', arguments: '{"query":"go salaries"}' }];
        const usage = { model: 'stub-model', promptTokens: 12, completionTokens: 3, latencyMs: 40 };
        for (let i = 1; i <= 5; i++)
          await store.messages.append(
            newMessage(session.id, {
              role: i % 2 ? 'user' : 'assistant',
              content: `message ${i} — “quoted”`,
              createdAt: new Date(T0.getTime() + i * 1_234),
              ...(i === 2 ? { toolCalls, usage } : {}),
            }),
          );
        await store.summaries.save({
          sessionId: session.id,
          fromSeq: 1,
          toSeq: 2,
          content: 'the first two',
          tokenCount: 4,
          createdAt: minutes(3),
        });
        const head = await store.messages.head(session.id, { before: 5, limit: 3 });
        expect(head.messages.map((m) => m.seq)).toEqual([4, 3, 2]);
        expect(head.messages).toEqual(
          await store.messages.page(session.id, { before: 5, limit: 3, order: 'desc' }),
        );
        expect(head.messages[2]).toMatchObject({
          toolCalls,
          usage,
          createdAt: new Date(T0.getTime() + 2 * 1_234),
        });
        expect(head.summary).toEqual(await store.summaries.latest(session.id));
        expect(head.summary).toMatchObject({ toSeq: 2, content: 'the first two' });
      });
    });

    describe('summaries', () => {
      it('returns the summary reaching furthest, and replaces a re-saved range', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        expect(await store.summaries.latest(session.id)).toBeUndefined();
        const base = { sessionId: session.id, fromSeq: 1, tokenCount: 12, createdAt: minutes(1) };
        await store.summaries.save({ ...base, toSeq: 20, content: 'first twenty' });
        await store.summaries.save({ ...base, toSeq: 40, content: 'first forty' });
        await store.summaries.save({ ...base, toSeq: 30, content: 'late writer, shorter range' });
        expect(await store.summaries.latest(session.id)).toEqual({
          ...base,
          toSeq: 40,
          content: 'first forty',
        });
        await store.summaries.save({ ...base, toSeq: 40, content: 'forty, retried', createdAt: minutes(2) });
        expect(await store.summaries.latest(session.id)).toEqual({
          ...base,
          toSeq: 40,
          content: 'forty, retried',
          createdAt: minutes(2),
        });
      });

      it("moves the session row's summary boundary to the furthest summary, never back", async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const other = await newSession(store, user.id);
        const base = { sessionId: session.id, fromSeq: 1, tokenCount: 12, createdAt: minutes(1) };
        await store.summaries.save({ ...base, toSeq: 20, content: 'first twenty' });
        expect((await store.sessions.findById(session.id))?.summaryToSeq).toBe(20);
        await store.summaries.save({ ...base, toSeq: 40, content: 'first forty' });
        await store.summaries.save({ ...base, toSeq: 30, content: 'late writer, shorter range' });
        expect((await store.sessions.findById(session.id))?.summaryToSeq).toBe(40);
        expect((await store.sessions.findById(other.id))?.summaryToSeq).toBe(0);
      });
    });

    describe('searches', () => {
      it('stores runs with their results and flags, lists them newest first, finds one only in its session', async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const other = await newSession(store, user.id);
        const older = newSearchRun(session.id, minutes(1));
        const newer = {
          ...newSearchRun(session.id, minutes(2)),
          degraded: true,
          stale: true,
          reason: 'why',
          query: null,
        };
        await store.searches.save(older);
        await store.searches.save(newer);
        await store.searches.save(newSearchRun(other.id, minutes(3)));
        expect(await store.searches.list(session.id, 10)).toEqual([newer, older]);
        expect(await store.searches.list(session.id, 1)).toEqual([newer]);
        expect(await store.searches.findById(session.id, older.id)).toEqual(older);
        expect(await store.searches.findById(other.id, older.id)).toBeUndefined();
      });

      it("keeps a result once per session and URL, oldest first, counted on the session's row", async () => {
        const user = await newUser(store);
        const session = await newSession(store, user.id);
        const other = await newSession(store, user.id);
        const run = newSearchRun(session.id, minutes(1));
        await store.searches.save(run);
        const kept = {
          sessionId: session.id,
          searchId: run.id,
          url: 'https://b.example/',
          title: 'B',
          content: 'b',
          keptAt: minutes(2),
        };
        expect(await store.searches.keep(kept)).toEqual(kept);
        expect(await store.searches.keep({ ...kept, title: 'again', keptAt: minutes(5) })).toEqual(kept);
        expect((await store.sessions.findById(session.id))?.keptResults).toBe(1);
        const first = { ...kept, url: 'https://a.example/', keptAt: minutes(1) };
        await store.searches.keep(first);
        expect(await store.searches.listKept(session.id)).toEqual([first, kept]);
        expect((await store.sessions.findById(session.id))?.keptResults).toBe(2);
        expect((await store.sessions.findById(other.id))?.keptResults).toBe(0);
      });
    });

    describe('leases', () => {
      it('lets exactly one of 10 concurrent callers take a lease', async () => {
        const name = `purge-${randomUUID()}`;
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.leases.acquire(name, `holder-${i}`, T0, 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('refuses a held lease, even to its holder, and hands it over once the ttl has passed', async () => {
        const name = `purge-${randomUUID()}`;
        expect(await store.leases.acquire(name, 'a', T0, 60_000)).toBe(true);
        expect(await store.leases.acquire(name, 'b', new Date(T0.getTime() + 59_999), 60_000)).toBe(false);
        expect(await store.leases.acquire(name, 'a', new Date(T0.getTime() + 59_999), 60_000)).toBe(false);
        expect(await store.leases.acquire(name, 'b', new Date(T0.getTime() + 60_000), 60_000)).toBe(true);
        expect(await store.leases.acquire(name, 'a', new Date(T0.getTime() + 60_001), 60_000)).toBe(false);
        expect(await store.leases.acquire(`other-${randomUUID()}`, 'a', T0, 60_000)).toBe(true);
      });
    });

    describe('revoked tokens', () => {
      it('keeps a revoked jti until its expiry, keeps the later expiry on a second revoke, then deletes it', async () => {
        const jti = randomUUID();
        const live = randomUUID();
        expect(await store.revokedTokens.isRevoked(jti, T0)).toBe(false);
        await store.revokedTokens.revoke(jti, minutes(10));
        await store.revokedTokens.revoke(jti, minutes(20));
        await store.revokedTokens.revoke(live, minutes(60));
        expect(await store.revokedTokens.isRevoked(jti, minutes(19))).toBe(true);
        expect(await store.revokedTokens.isRevoked(jti, minutes(20))).toBe(false);
        expect(await store.revokedTokens.deleteExpired(minutes(30), 1_000)).toBeGreaterThanOrEqual(1);
        expect(await store.revokedTokens.isRevoked(jti, T0)).toBe(false);
        expect(await store.revokedTokens.isRevoked(live, minutes(30))).toBe(true);
      });
    });

    describe('lifecycle', () => {
      it('migrate() again, even twice at once, changes nothing and keeps the data', async () => {
        const user = await newUser(store);
        await store.migrate();
        await Promise.all([store.migrate(), store.migrate()]);
        expect(await store.users.findById(user.id)).toEqual(user);
        const applied = await t.table('parley_migrations').count({ n: '*' });
        const shipped = await parleyMigrationSource(undefined).getMigrations([]);
        expect(Number(applied[0]?.n)).toBe(shipped.length);
      });

      it('ping() answers; close() leaves a caller-owned knex open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        await store.close();
        await expect(t.knex.raw('select 1')).resolves.toBeDefined();
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}
