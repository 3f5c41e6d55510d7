import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { Session } from '../../src/domain/session.js';
import type { User } from '../../src/domain/user.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import type { NewMessage, Store } from '../../src/ports/store.js';
import type { ChatEvent } from '../../src/services/chat/chat-events.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';
import { createTestStore, type TestStore } from '../support/test-store.js';

/** What the injected fault does: fail every answer write while `down`, or the next `failNext` ones. */
interface AnswerFault {
  down: boolean;
  failNext: number;
  failures: number;
}

/** The store with assistant-message writes failing as a down database does, when `fault` says so. */
function withFailingAnswers(store: Store, fault: AnswerFault): Store {
  const append = store.messages.append.bind(store.messages);
  return {
    ...store,
    messages: {
      ...store.messages,
      append: (message: NewMessage, condition) => {
        if (message.role !== 'assistant' || (!fault.down && fault.failNext === 0))
          return append(message, condition);
        fault.failNext = Math.max(0, fault.failNext - 1);
        fault.failures += 1;
        return Promise.reject(new ParleyError('DB_UNAVAILABLE', 'The database is not answering.'));
      },
    },
  };
}

describe('the final write of a streamed answer fails (issue 13, R10.2)', () => {
  let stub: LlmStub;
  let testStore: TestStore;
  let t: TestParley;
  let ada: User;
  let session: Session;
  let events: ChatEvent[];
  const fault: AnswerFault = { down: false, failNext: 0, failures: 0 };

  beforeEach(async () => {
    Object.assign(fault, { down: false, failNext: 0, failures: 0 });
    stub = await startLlmStub({ reply: (request) => (request.response_format ? '{"title":"t"}' : 'unused') });
    testStore = await createTestStore('sqlite');
    t = await createTestParley(
      { name: 'SQLite', database: 'sqlite' },
      {
        store: withFailingAnswers(testStore.store, fault),
        config: { llm: { baseUrl: stub.url, apiKey: 'test-key' }, retrieval: { enabled: false } },
      },
    );
    ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    session = await t.parley.sessions.create(ada.id);
    events = [];
    t.parley.chat.subscribe(session.id, (event) => events.push(event));
  });
  afterEach(async () => {
    await t.cleanup();
    await testStore.cleanup();
    await stub.close();
  });

  const send = (content: string) => t.parley.chat.send({ userId: ada.id, sessionId: session.id, content });
  const stored = async () =>
    (await t.parley.conversation.history(ada.id, session.id, { order: 'asc' })).messages.map((m) => [
      m.role,
      m.content,
      m.status,
    ]);
  const twentyChunks = Array.from({ length: 20 }, (_, i) => `w${i} `).join('');

  it('retries the write in place: a blip during the final write loses nothing and ends normally', async () => {
    stub.script({ text: twentyChunks });
    fault.failNext = 2;
    const answer = await (await send('tell me')).done;
    expect(fault.failures).toBe(2);
    expect(answer).toMatchObject({ status: 'complete', content: twentyChunks });
    expect(events.at(-1)).toMatchObject({ type: 'assistant_end' });
    expect(t.parley.conversation.pendingAnswers()).toBe(0);
    expect(await stored()).toEqual([
      ['user', 'tell me', 'complete'],
      ['assistant', twentyChunks, 'complete'],
    ]);
  });

  it('keeps an answer the database refuses, says DB_UNAVAILABLE, and stores it once the database is back', async () => {
    stub.script({ text: twentyChunks });
    fault.down = true;
    const turn = await send('tell me');
    await expect(turn.done).resolves.toBeNull();
    const chunks = events.filter((e) => e.type === 'assistant_chunk');
    expect(chunks).toHaveLength(20);
    expect(events.at(-1)).toMatchObject({
      type: 'assistant_error',
      error: { code: 'DB_UNAVAILABLE' },
      message: null,
    });
    expect(t.parley.conversation.pendingAnswers()).toBe(1);
    expect(await stored()).toEqual([['user', 'tell me', 'complete']]);

    fault.down = false;
    await expect.poll(() => t.parley.conversation.pendingAnswers(), { timeout: 10_000 }).toBe(0);
    expect(await stored()).toEqual([
      ['user', 'tell me', 'complete'],
      ['assistant', twentyChunks, 'complete'],
    ]);
  });

  it("writes a kept answer before the session's next message, so the order holds", async () => {
    stub.script([{ text: 'first answer' }, { text: 'second answer' }]);
    fault.down = true;
    await (
      await send('one')
    ).done;
    expect(t.parley.conversation.pendingAnswers()).toBe(1);
    fault.down = false;
    await expect((await send('two')).done).resolves.toMatchObject({ content: 'second answer' });
    expect(await stored()).toEqual([
      ['user', 'one', 'complete'],
      ['assistant', 'first answer', 'complete'],
      ['user', 'two', 'complete'],
      ['assistant', 'second answer', 'complete'],
    ]);
    // The kept answer was written before 'two': the model heard the whole conversation, in order.
    const streamed = stub.requests.filter((r) => (r.body as { stream?: boolean }).stream);
    const prompt = (streamed.at(-1)!.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(prompt.filter((m) => m.role !== 'system').map((m) => [m.role, m.content])).toEqual([
      ['user', 'one'],
      ['assistant', 'first answer'],
      ['user', 'two'],
    ]);
  });

  it('keeps the partial answer of a model that failed mid-stream as incomplete while the database is away', async () => {
    stub.script({ text: twentyChunks, dropAfterChunks: 5 });
    fault.down = true;
    await expect((await send('tell me')).done).resolves.toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'assistant_error', error: { code: 'DB_UNAVAILABLE' } });
    fault.down = false;
    await expect.poll(() => t.parley.conversation.pendingAnswers(), { timeout: 10_000 }).toBe(0);
    expect(await stored()).toEqual([
      ['user', 'tell me', 'complete'],
      ['assistant', 'w0 w1 w2 w3 w4 ', 'incomplete'],
    ]);
  });
});
