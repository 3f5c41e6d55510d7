import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { RankedResult } from '../../src/domain/search.js';
import type { TestParley } from '../support/test-parley.js';
import { promptOf, retrievalBackends, startRetrievalParley } from './retrieval-kit.js';

const KEPT_HEADER = 'Search results the user kept that may matter now:';
const SURVEY: RankedResult = {
  title: 'Lisbon developer pay survey 2026',
  url: 'https://pay.example/surveys/lisbon-2026',
  content: 'Median senior Elixir salary in Lisbon: 62,000 EUR a year, remote allowance common.',
  score: 0.9,
  reasons: { matched: ['Elixir'], missing: [], stale: false },
};
const OTHER: RankedResult = {
  ...SURVEY,
  title: 'Berlin office guide',
  url: 'https://guide.example/berlin',
  content: 'Where to sit.',
};

describe.each(retrievalBackends())(
  'kept search results come back through retrieval, $name (R6.2, issue 12)',
  (backend) => {
    let stub: LlmStub;
    let t: TestParley;

    beforeEach(async () => {
      stub = await startLlmStub({ reply: 'Noted.' });
      ({ t } = await startRetrievalParley(backend, stub));
    });
    afterEach(async () => {
      await t?.cleanup();
      await stub.close();
    });

    /** A user with a session in which `results` were found by one search and `kept` of them kept. */
    async function userWithKept(email: string, kept: RankedResult[]) {
      const user = await t.parley.auth.register({ email, password: `password-${email}` });
      const session = await t.parley.sessions.create(user.id);
      await keepIn(user.id, session.id, kept);
      return { user, session };
    }

    /** One search in the session finding SURVEY and OTHER, of which `kept` are kept. */
    async function keepIn(userId: string, sessionId: string, kept: RankedResult[]) {
      const searchId = randomUUID();
      await t.parley.internal.store.searches.save({
        id: searchId,
        sessionId,
        intent: 'market',
        query: 'elixir pay lisbon',
        queries: ['elixir pay lisbon'],
        results: [SURVEY, OTHER],
        fromCache: false,
        degraded: false,
        stale: false,
        createdAt: t.clock.now(),
      });
      for (const result of kept) await t.parley.search.keep(userId, sessionId, searchId, result.url);
    }

    it('adds the kept result matching the question, labelled as kept, and not one the user did not keep', async () => {
      const { user, session } = await userWithKept('ada@example.com', [SURVEY]);
      const prompt = await promptOf(t, stub, {
        userId: user.id,
        sessionId: session.id,
        content: 'What did that salary survey say about Lisbon?',
      });
      expect(prompt).toContain(`${KEPT_HEADER}\n- ${SURVEY.title} <${SURVEY.url}>: ${SURVEY.content}`);
      expect(prompt).not.toContain(OTHER.url);
      // Nothing of the session fell out of the window: only the kept result was retrieved.
      expect(prompt).not.toContain('Older messages of this conversation');
    });

    it('never brings back another user’s kept result, even with RETRIEVAL_SCOPE=user', async () => {
      await t.cleanup();
      ({ t } = await startRetrievalParley(backend, stub, { scope: 'user' }));
      await userWithKept('ada@example.com', [SURVEY]);
      const bob = await t.parley.auth.register({ email: 'bob@example.com', password: 'password-bob' });
      const session = await t.parley.sessions.create(bob.id);
      const prompt = await promptOf(t, stub, {
        userId: bob.id,
        sessionId: session.id,
        content: 'What did that salary survey say about Lisbon?',
      });
      expect(prompt).not.toContain(KEPT_HEADER);
      expect(prompt).not.toContain(SURVEY.url);
    });

    it("searches a session's kept results only once it has some, and finds one kept between two turns (issue 14)", async () => {
      const searchKept = vi.spyOn(t.parley.internal.store.retrieval, 'searchKept');
      const { user, session } = await userWithKept('ada@example.com', []);
      const question = {
        userId: user.id,
        sessionId: session.id,
        content: 'What did that salary survey say?',
      };
      expect(await promptOf(t, stub, question)).not.toContain(KEPT_HEADER);
      expect(searchKept).not.toHaveBeenCalled();
      expect((await t.parley.sessions.get(user.id, session.id)).keptResults).toBe(0);

      // The session's row was cached by the turn; keeping a result must not leave it saying none.
      await keepIn(user.id, session.id, [SURVEY]);
      expect((await t.parley.sessions.get(user.id, session.id)).keptResults).toBe(1);
      expect(await promptOf(t, stub, question)).toContain(`${KEPT_HEADER}\n- ${SURVEY.title}`);
      expect(searchKept).toHaveBeenCalledTimes(1);
    });

    it("with RETRIEVAL_SCOPE=user, a session that kept nothing still finds the user's other sessions' kept results", async () => {
      await t.cleanup();
      ({ t } = await startRetrievalParley(backend, stub, { scope: 'user' }));
      const { user } = await userWithKept('ada@example.com', [SURVEY]);
      const fresh = await t.parley.sessions.create(user.id);
      const prompt = await promptOf(t, stub, {
        userId: user.id,
        sessionId: fresh.id,
        content: 'What did that salary survey say about Lisbon?',
      });
      expect(prompt).toContain(`${KEPT_HEADER}\n- ${SURVEY.title} <${SURVEY.url}>`);
    });

    it('adds nothing when no kept result matches', async () => {
      const { user, session } = await userWithKept('ada@example.com', [SURVEY]);
      const prompt = await promptOf(t, stub, {
        userId: user.id,
        sessionId: session.id,
        content: 'Shall we schedule the interviews for Tuesday?',
      });
      expect(prompt).not.toContain(KEPT_HEADER);
    });
  },
);
