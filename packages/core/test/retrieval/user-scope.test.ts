import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { TestParley } from '../support/test-parley.js';
import { filler, promptOf, retrievalBackends, startRetrievalParley } from './retrieval-kit.js';

const NEEDLE = 'Let us call the project codename Blue Heron.';
const QUESTION = 'What was the project codename again?';

describe.each(retrievalBackends())(
  'RETRIEVAL_SCOPE=user searches all of the user’s sessions, $name (R6, issue 12)',
  (backend) => {
    let stub: LlmStub;
    let t: TestParley;

    beforeEach(async () => {
      stub = await startLlmStub({ reply: 'Noted.' });
    });
    afterEach(async () => {
      await t?.cleanup();
      await stub.close();
    });

    /** Ada's earlier session, titled, with the needle at message 20 of 40; a fresh session to ask in. */
    async function adaWithEarlierSession(scope: 'session' | 'user') {
      ({ t } = await startRetrievalParley(backend, stub, { scope }));
      const ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
      const earlier = await t.parley.sessions.create(ada.id, { title: 'Platform hire' });
      const history = filler(earlier.id, 40, t.clock.now());
      history[19] = { ...history[19]!, id: randomUUID(), role: 'user', content: NEEDLE };
      await t.parley.internal.store.messages.appendMany(earlier.id, history);
      const now = await t.parley.sessions.create(ada.id);
      return { ada, now };
    }

    it('brings back a message of the user’s earlier session, labelled with that session', async () => {
      const { ada, now } = await adaWithEarlierSession('user');
      const prompt = await promptOf(t, stub, { userId: ada.id, sessionId: now.id, content: QUESTION });
      expect(prompt).toContain("Older messages of this and the user's other conversations");
      expect(prompt).toContain(`[session "Platform hire" #20 user] ${NEEDLE}`);
    });

    it('with the default scope keeps to the session', async () => {
      const { ada, now } = await adaWithEarlierSession('session');
      const prompt = await promptOf(t, stub, { userId: ada.id, sessionId: now.id, content: QUESTION });
      expect(prompt).not.toContain(NEEDLE);
    });

    it('never brings back another user’s message', async () => {
      await adaWithEarlierSession('user');
      const bob = await t.parley.auth.register({ email: 'bob@example.com', password: 'password-bob' });
      const session = await t.parley.sessions.create(bob.id);
      const prompt = await promptOf(t, stub, { userId: bob.id, sessionId: session.id, content: QUESTION });
      expect(prompt).not.toContain(NEEDLE);
      expect(prompt).not.toContain('Older messages');
    });
  },
);
