import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub, type Reply } from '@parley/llm-stub';
import type { User } from '../../src/domain/user.js';
import type { UserEvent } from '../../src/services/chat/chat-events.js';
import { userContextKey } from '../../src/services/memory/memory-service.js';
import { expectCode } from '../services/expect-code.js';
import { serviceUrl } from '../support/services.js';
import { createTestParley, type Backend, type TestParley } from '../support/test-parley.js';

const MEMORY_PROMPT = 'You read one message a recruiter';
const MEMORY_HEADER = 'What you remember about this user';

const backends: Backend[] = [{ name: 'SQLite + in-process cache', database: 'sqlite' }];
const postgresUrl = serviceUrl('postgres');
const redisUrl = serviceUrl('redis');
if (postgresUrl && redisUrl) {
  backends.push({ name: 'PostgreSQL + Redis', database: 'postgres', postgresUrl, redisUrl });
}

describe.each(backends)('user memory over the stub, $name (R9, issue 12)', (backend) => {
  let stub: LlmStub;
  let t: TestParley;
  let ada: User;
  let bob: User;
  let events: UserEvent[];

  /** What the memory job's model request gets; the other JSON requests (title, extraction) get a title. */
  let memoryReply = JSON.stringify({ items: [] });
  const jsonReply: Reply = (request) => {
    const memory = request.messages?.some((m) => String(m.content ?? '').includes(MEMORY_PROMPT));
    return memory ? memoryReply : JSON.stringify({ title: 'Role' });
  };

  beforeEach(async () => {
    memoryReply = JSON.stringify({ items: [] });
    stub = await startLlmStub({
      reply: (request) =>
        request.response_format ? (jsonReply as (r: typeof request) => string)(request) : 'Understood.',
    });
    t = await createTestParley(backend, {
      config: { llm: { baseUrl: stub.url, apiKey: 'test-key', model: 'stub-model' } },
    });
    ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    bob = await t.parley.auth.register({ email: 'bob@example.com', password: 'password-bob' });
    events = [];
    t.parley.chat.subscribeUser(ada.id, (event) => events.push(event));
  });
  afterEach(async () => {
    await t?.cleanup();
    await stub.close();
  });

  /** Sends in a new or given session, waits for the answer and the after-turn jobs. */
  async function say(user: User, content: string, sessionId?: string): Promise<string> {
    const id = sessionId ?? (await t.parley.sessions.create(user.id)).id;
    const turn = await t.parley.chat.send({ userId: user.id, sessionId: id, content });
    await turn.done;
    await t.parley.jobs.idle();
    return id;
  }
  /** The memory part of the last chat prompt the stub received, or undefined. */
  function lastMemoryPart(): string | undefined {
    const chat = stub.requests.filter(
      (r) =>
        r.path.endsWith('/chat/completions') && !(r.body as { response_format?: unknown }).response_format,
    );
    const messages = (chat.at(-1)?.body as { messages: { role: string; content: string }[] }).messages;
    return messages.find((m) => m.role === 'system' && m.content.startsWith(MEMORY_HEADER))?.content;
  }

  it('applies a preference stated in one session to the same user’s next session, and to no one else’s', async () => {
    await say(ada, 'From now on, always use EUR. Remember that our stack is Elixir.');
    // Items learned at the same instant: compare without their order.
    expect((await t.parley.memory.list(ada.id)).map((i) => [i.kind, i.key, i.value]).sort()).toEqual([
      ['fact', 'note:our stack is elixir', 'our stack is Elixir'],
      ['preference', 'currency', 'EUR'],
    ]);
    expect(events.filter((e) => e.type === 'memory_updated').map((e) => e.change)).toEqual([
      'learned',
      'learned',
    ]);

    const next = await say(ada, 'We need a backend engineer in Lisbon.');
    expect(lastMemoryPart()).toContain('- currency: EUR');
    expect(lastMemoryPart()).toContain('- our stack is Elixir');
    const requirements = await t.parley.requirements.get(ada.id, next);
    expect(requirements.profile.salary).toMatchObject({
      value: { currency: 'EUR', period: 'year' },
      provenance: { source: 'memory' },
    });

    await say(bob, 'We need a designer.');
    expect(lastMemoryPart()).toBeUndefined();
    expect(await t.parley.memory.list(bob.id)).toEqual([]);
  });

  it('forgets on request: the item leaves the store, the cache and the next prompt', async () => {
    const first = await say(ada, 'Remember that we are based in Lisbon. From now on, keep it short.');
    expect((await t.parley.memory.list(ada.id)).map((i) => i.key).sort()).toEqual([
      'location',
      'note:keep it short',
    ]);
    await say(ada, 'Please forget that we are in Lisbon.', first);
    expect((await t.parley.memory.list(ada.id)).map((i) => i.key)).toEqual(['note:keep it short']);
    await say(ada, 'Hello again');
    expect(lastMemoryPart()).not.toContain('Lisbon');
    expect(lastMemoryPart()).toContain('- keep it short');
    expect(events.filter((e) => e.type === 'memory_updated').map((e) => e.change)).toEqual([
      'learned',
      'learned',
      'forgotten',
    ]);

    await say(ada, 'Forget everything.');
    expect(await t.parley.memory.list(ada.id)).toEqual([]);
    await say(ada, 'Hello once more');
    expect(lastMemoryPart()).toBeUndefined();
  });

  it('with personalization off learns nothing and applies nothing; on again applies what was kept', async () => {
    await say(ada, 'From now on, always use GBP.');
    await t.parley.memory.setPersonalization(ada.id, { personalization: false });
    await say(ada, 'Remember that our stack is Elixir.');
    expect((await t.parley.memory.list(ada.id)).map((i) => i.value)).toEqual(['GBP']);
    const off = await say(ada, 'A new role');
    expect(lastMemoryPart()).toBeUndefined();
    expect((await t.parley.requirements.get(ada.id, off)).profile.salary).toBeUndefined();

    await t.parley.memory.setPersonalization(ada.id, { personalization: true });
    await say(ada, 'Another role');
    expect(lastMemoryPart()).toContain('- currency: GBP');
  });

  it('reads the user context once for a message with nothing to learn (for the prompt), not again to learn nothing', async () => {
    const sessionId = await say(ada, 'We are hiring a backend engineer.');
    let reads = 0;
    const context = t.parley.memory.context.bind(t.parley.memory);
    t.parley.memory.context = (userId) => ((reads += 1), context(userId));
    await say(ada, 'What should the interview loop look like?', sessionId);
    expect(reads).toBe(1);
    reads = 0;
    await say(ada, 'From now on, always use EUR.', sessionId);
    expect(reads).toBeGreaterThan(1);
    expect((await t.parley.memory.list(ada.id)).map((i) => i.value)).toEqual(['EUR']);
  });

  it('reads the user’s memory for the prompt as the turn starts, beside the message’s write, and applies it', async () => {
    const sessionId = await say(ada, 'From now on, always use EUR.');
    const order: string[] = [];
    const context = t.parley.memory.context.bind(t.parley.memory);
    t.parley.memory.context = (userId) => (order.push('memory read'), context(userId));
    const store = t.parley.internal.store.messages;
    const append = store.append.bind(store);
    store.append = async (message, condition) => {
      const stored = await append(message, condition);
      order.push(`${message.role} stored`);
      return stored;
    };
    await say(ada, 'What should the interview loop look like?', sessionId);
    expect(order).toEqual(['memory read', 'user stored', 'assistant stored']);
    expect(lastMemoryPart()).toContain('- currency: EUR');
  });

  it('never caches a read of the store that a change overtook (a forget landing during a miss)', async () => {
    await say(ada, 'Remember that we are based in Lisbon. From now on, keep it short.');
    const items = await t.parley.memory.list(ada.id);
    const store = t.parley.internal.store.memory;
    const read = store.context.bind(store);
    /** The next read of the store answers as before `value`'s item was deleted, which lands meanwhile. */
    const overtake = (value: string) => {
      store.context = async (userId) => {
        const before = await read(userId);
        store.context = read;
        await t.parley.memory.delete(ada.id, items.find((i) => i.value === value)!.id);
        return before;
      };
    };
    // Items learned at the same instant: compared without their order.
    const values = async () => (await t.parley.memory.context(ada.id)).items.map((i) => i.value).sort();

    // The miss finds nothing cached.
    await t.parley.internal.cache.delete(userContextKey(ada.id));
    overtake('Lisbon');
    // This read began before the forget: it may answer with the item, but must not keep it.
    expect(await values()).toEqual(['Lisbon', 'keep it short']);
    expect(await values()).toEqual(['keep it short']);

    // The miss finds an earlier change's mark.
    await t.parley.internal.cache.set(userContextKey(ada.id), { changed: 'an earlier change' }, 60_000);
    overtake('keep it short');
    expect(await values()).toEqual(['keep it short']);
    expect(await values()).toEqual([]);
    await say(ada, 'Hello again');
    expect(lastMemoryPart()).toBeUndefined();
  });

  it('replaces the cached user context with a change mark on every change; the database stays the truth', async () => {
    const key = userContextKey(ada.id);
    /** What a change leaves: no context, a mark of its own. */
    const marked = async () =>
      expect(await t.parley.internal.cache.get(key)).toEqual({ changed: expect.any(String) });
    const cached = async () => {
      await t.parley.memory.context(ada.id);
      return t.parley.internal.cache.get<{ items: unknown[] }>(key);
    };
    await say(ada, 'From now on, always use EUR.');
    expect((await cached())?.items).toHaveLength(1);

    const [item] = await t.parley.memory.list(ada.id);
    await t.parley.memory.update(ada.id, item!.id, { value: 'CHF' });
    await marked();
    expect((await t.parley.memory.list(ada.id)).map((i) => i.value)).toEqual(['CHF']);

    await cached();
    // The switch answers with the fresh context, which is cached again.
    await t.parley.memory.setPersonalization(ada.id, { personalization: false });
    expect(await t.parley.internal.cache.get(key)).toMatchObject({ personalization: false });

    await cached();
    await t.parley.memory.delete(ada.id, item!.id);
    await marked();

    await t.parley.memory.setPersonalization(ada.id, { personalization: true });
    await say(ada, 'Remember that we hire in Porto.');
    await cached();
    expect(await t.parley.memory.deleteAll(ada.id)).toBe(1);
    await marked();
    expect(await t.parley.memory.list(ada.id)).toEqual([]);
  });

  it('takes back the defaults a forgotten item gave earlier sessions, not values set since nor anyone else’s', async () => {
    await say(ada, 'From now on, always use EUR. Remember that we are based in Lisbon.');
    await say(bob, 'From now on, always use GBP.');
    const seeded = await say(ada, 'We need a backend engineer.');
    const stated = await say(ada, 'We need a designer.');
    await say(ada, 'The designer works in Porto.', stated);
    const bobs = await say(bob, 'We need a tester.');
    const profile = async (user: User, id: string) => (await t.parley.requirements.get(user.id, id)).profile;
    expect((await profile(ada, seeded)).locations).toMatchObject([
      { value: 'Lisbon', provenance: { source: 'memory' } },
    ]);
    const statedVersion = (await t.parley.requirements.get(ada.id, stated)).version;
    await t.parley.requirements.update(ada.id, stated, {
      version: statedVersion,
      set: { salary: { currency: 'GBP', period: 'year', min: 50_000 } },
    });
    // A default recorded before memory item ids were: matched by its value.
    const legacy = await t.parley.sessions.create(ada.id);
    await t.parley.requirements.applyDefaults(legacy, {
      locations: ['Lisbon'],
    });

    const location = (await t.parley.memory.list(ada.id)).find((i) => i.key === 'location')!;
    await t.parley.memory.delete(ada.id, location.id);
    expect((await profile(ada, seeded)).locations).toEqual([]);
    expect((await profile(ada, legacy.id)).locations).toEqual([]);
    expect((await profile(ada, stated)).locations?.map((l) => l.value)).toEqual(['Porto']);
    expect((await profile(ada, seeded)).salary).toMatchObject({ value: { currency: 'EUR' } });
    const versions = await t.parley.requirements.versions(ada.id, seeded, {});
    expect(versions.at(-1)?.changes).toEqual([
      expect.objectContaining({ field: 'locations', before: ['Lisbon'], after: [], source: 'memory' }),
    ]);

    await t.parley.memory.deleteAll(ada.id);
    expect((await profile(ada, seeded)).salary).toBeUndefined();
    expect((await profile(ada, stated)).salary).toMatchObject({
      value: { currency: 'GBP', min: 50_000 },
      provenance: { source: 'user' },
    });
    expect((await profile(bob, bobs)).salary).toMatchObject({
      value: { currency: 'GBP' },
      provenance: { source: 'memory' },
    });
  });

  it('keeps model-proposed preferences only when the user stated them', async () => {
    // Only the memory job's request gets these (a queued JSON reply would go to whichever JSON
    // request came first, the requirements extraction's included).
    memoryReply = JSON.stringify({
      items: [
        {
          kind: 'preference',
          value: 'we always interview in two rounds',
          quote: 'We always interview in two rounds',
        },
        { kind: 'fact', value: 'the company is a bank', quote: 'we are a bank' },
      ],
    });
    const titled = await t.parley.sessions.create(ada.id, { title: 'Payments engineer' });
    await say(ada, 'We always interview in two rounds, and this role is for payments.', titled.id);
    expect((await t.parley.memory.list(ada.id)).map((i) => i.value)).toEqual([
      'we always interview in two rounds',
    ]);
  });

  it('rejects edits of another user’s items and bad values with exact codes, changing nothing', async () => {
    await say(ada, 'From now on, always use EUR.');
    const [item] = await t.parley.memory.list(ada.id);
    await expectCode(t.parley.memory.update(bob.id, item!.id, { value: 'USD' }), 'NOT_FOUND');
    await expectCode(t.parley.memory.delete(bob.id, item!.id), 'NOT_FOUND');
    await expectCode(t.parley.memory.update(ada.id, item!.id, { value: '  ' }), 'VALIDATION_FAILED');
    await expectCode(
      t.parley.memory.setPersonalization(ada.id, { personalization: 'no' as unknown as boolean }),
      'VALIDATION_FAILED',
    );
    expect((await t.parley.memory.list(ada.id)).map((i) => i.value)).toEqual(['EUR']);
  });
});
