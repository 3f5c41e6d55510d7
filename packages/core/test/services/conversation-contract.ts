import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/session.js';
import type { User } from '../../src/domain/user.js';
import type { Backend, TestParley } from '../support/test-parley.js';
import { createTestParley } from '../support/test-parley.js';
import { expectCode } from './expect-code.js';
import type { ConversationService } from '../../src/services/conversation/conversation-service.js';

/** `record` (no ownership check) is the chat service's, not the facade's: reached through the instance. */
const recorder = (t: { parley: { conversation: unknown } }) => t.parley.conversation as ConversationService;

/** R4.1, R4.2, R4.5: persistence, validation, paging and export against one backend. */
export function conversationContract(backend: Backend): void {
  describe(`conversation on ${backend.name}`, () => {
    let t: TestParley;
    let ada: User;
    let session: Session;
    beforeEach(async () => {
      t = await createTestParley(backend, { config: { messages: { maxChars: 100 } } });
      ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
      session = await t.parley.sessions.create(ada.id);
    });
    afterEach(() => t.cleanup());

    const stored = async () =>
      (await t.parley.conversation.history(ada.id, session.id, { limit: 200 })).messages;

    it('stores role, content, sequence, token count and timestamp', async () => {
      const message = await t.parley.conversation.append(ada.id, session.id, {
        role: 'user',
        content: 'We need a senior TypeScript engineer in Berlin.',
      });
      expect(message).toMatchObject({ seq: 1, role: 'user', status: 'complete', createdAt: t.clock.now() });
      expect(message.tokenCount).toBeGreaterThan(5);
      expect((await t.parley.sessions.get(ada.id, session.id)).lastSeq).toBe(1);
    });

    it.each([
      [{ role: 'wizard', content: 'hi' }, 'VALIDATION_FAILED', 'role'],
      [{ role: 'user', content: '' }, 'VALIDATION_FAILED', 'content'],
      [{ role: 'user', content: 42 }, 'VALIDATION_FAILED', 'content'],
      [{ role: 'user', content: 'x'.repeat(101) }, 'MESSAGE_TOO_LONG', 'content'],
      [{ role: 'user', content: 'nul \u0000 inside' }, 'VALIDATION_FAILED', 'content'],
    ] as const)('rejects %j with %s on %s and stores nothing', async (input, code, field) => {
      await t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'kept' });
      const error = await expectCode(t.parley.conversation.append(ada.id, session.id, input as never), code);
      expect(error.details.field).toBe(field);
      expect((await stored()).map((m) => m.content)).toEqual(['kept']);
      expect((await t.parley.sessions.get(ada.id, session.id)).lastSeq).toBe(1);
    });

    it('numbers 50 concurrent appends 1..50 without gaps or duplicates', async () => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.parley.conversation.append(ada.id, session.id, { role: 'user', content: `message ${i}` }),
        ),
      );
      const seqs = (await stored()).map((m) => m.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('pages newest-first and oldest-first with cursors', async () => {
      for (let i = 1; i <= 7; i++) {
        await t.parley.conversation.append(ada.id, session.id, {
          role: i % 2 ? 'user' : 'assistant',
          content: `m${i}`,
        });
      }
      const first = await t.parley.conversation.history(ada.id, session.id, { limit: 3 });
      expect(first.messages.map((m) => m.seq)).toEqual([7, 6, 5]);
      expect(first.next).toEqual({ before: 5 });
      const second = await t.parley.conversation.history(ada.id, session.id, { limit: 3, ...first.next });
      expect(second.messages.map((m) => m.seq)).toEqual([4, 3, 2]);
      const last = await t.parley.conversation.history(ada.id, session.id, { limit: 3, before: 2 });
      expect(last).toEqual({ messages: [expect.objectContaining({ seq: 1 })], next: null });
      const asc = await t.parley.conversation.history(ada.id, session.id, {
        order: 'asc',
        after: 3,
        limit: 2,
      });
      expect(asc.messages.map((m) => m.seq)).toEqual([4, 5]);
      expect(asc.next).toEqual({ after: 5 });
    });

    it.each([
      [{ limit: 201 }, 'limit'],
      [{ limit: 0 }, 'limit'],
      [{ before: -1 }, 'before'],
      [{ before: 2 ** 31 }, 'before'],
      [{ after: '99999999999999999999' }, 'after'],
      [{ order: 'sideways' }, 'order'],
    ])('rejects history query %j with VALIDATION_FAILED on %s', async (query, field) => {
      const error = await expectCode(
        t.parley.conversation.history(ada.id, session.id, query as never),
        'VALIDATION_FAILED',
      );
      expect(error.details.field).toBe(field);
    });

    it('stores model output carrying NUL characters without them', async () => {
      const answer = await recorder(t).record(session, 'assistant', 'be\u0000fore');
      expect(answer.content).toBe('before');
      expect((await stored()).map((m) => m.content)).toEqual(['before']);
    });

    it.each([
      ['closed', 'SESSION_CLOSED'],
      ['expired', 'SESSION_EXPIRED'],
    ] as const)(
      'refuses a message to a %s session with %s while a stale cache entry says active, storing nothing',
      async (ending, code) => {
        await t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'first' });
        if (ending === 'closed')
          await t.parley.internal.store.sessions.setStatus(session.id, 'closed', t.clock.now());
        else t.clock.advance(t.parley.config.sessions.ttlMs);
        const staleActive = { ...session, status: 'active', lastActivityAt: t.clock.now(), closedAt: null };
        await t.parley.internal.cache.set(`session:${session.id}`, staleActive, 60_000);

        await expectCode(
          t.parley.conversation.append(ada.id, session.id, { role: 'user', content: 'second' }),
          code,
        );
        await t.parley.internal.cache.set(`session:${session.id}`, staleActive, 60_000);
        await expectCode(
          t.parley.chat.send({ userId: ada.id, sessionId: session.id, content: 'third' }),
          code,
        );
        await expectCode(
          t.parley.chat.send({ userId: ada.id, sessionId: session.id, content: 'nul\u0000' }),
          'VALIDATION_FAILED',
        );
        expect((await stored()).map((m) => m.content)).toEqual(['first']);
        expect((await t.parley.internal.store.sessions.findById(session.id))?.lastSeq).toBe(1);
      },
    );

    it('refuses a user message when the session closed after the check, but keeps an assistant answer', async () => {
      const checked = await t.parley.sessions.requireActive(ada.id, session.id);
      await t.parley.sessions.close(ada.id, session.id);
      await expectCode(recorder(t).record(checked, 'user', 'too late'), 'SESSION_CLOSED');
      await recorder(t).record(checked, 'assistant', 'the answer that was streaming');
      expect((await stored()).map((m) => [m.role, m.content])).toEqual([
        ['assistant', 'the answer that was streaming'],
      ]);
    });

    it('exports the conversation as JSON and Markdown', async () => {
      await t.parley.conversation.append(ada.id, session.id, {
        role: 'user',
        content: 'Need a **Go** developer',
      });
      await t.parley.conversation.append(ada.id, session.id, {
        role: 'assistant',
        content: 'Which seniority?',
      });
      const json = JSON.parse(await t.parley.conversation.export(ada.id, session.id, 'json'));
      expect(json.session.id).toBe(session.id);
      expect(json.messages.map((m: { content: string }) => m.content)).toEqual([
        'Need a **Go** developer',
        'Which seniority?',
      ]);
      const md = await t.parley.conversation.export(ada.id, session.id, 'md');
      expect(md).toContain('## 1. user');
      expect(md).toContain('## 2. assistant');
      expect(md).toContain('Which seniority?');
    });
  });
}
