import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { Session } from '../../src/domain/session.js';
import type { User } from '../../src/domain/user.js';
import type { ParleyOptions } from '../../src/create-parley.js';
import type { Tool } from '../../src/ports/tool.js';
import type { EventBus } from '../../src/ports/event-bus.js';
import { createInProcessEventBus } from '../../src/adapters/bus/in-process-event-bus.js';
import { createInProcessTurnQueue } from '../../src/adapters/queue/in-process-turn-queue.js';
import type { TurnQueue } from '../../src/ports/turn-queue.js';
import type { AfterTurnJob } from '../../src/services/chat/after-turn.js';
import type { ChatEvent, UserEvent } from '../../src/services/chat/chat-events.js';
import type { Turn } from '../../src/services/chat/turn.js';
import { expectCode } from '../services/expect-code.js';
import type { ParleyConfigInput } from '../../src/config/config-schema.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';
import type { ConversationService } from '../../src/services/conversation/conversation-service.js';

/** `record` (no ownership check) is the chat service's, not the facade's: reached through the instance. */
const recorder = (t: { parley: { conversation: unknown } }) => t.parley.conversation as ConversationService;

/** Every event of a turn, read through its async iterator. */
async function read(turn: Turn): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of turn.events) events.push(event);
  return events;
}

/** Resolves with the first session event that `match` accepts. */
function next(t: TestParley, sessionId: string, match: (event: ChatEvent) => boolean): Promise<ChatEvent> {
  return new Promise((resolve) => {
    const stop = t.parley.chat.subscribe(sessionId, (event) => {
      if (!match(event)) return;
      stop();
      resolve(event);
    });
  });
}

const salaries: Tool<{ role: string; city: string }> = {
  name: 'market_salary',
  description: 'Typical yearly salary for a role in a city.',
  parameters: z.object({ role: z.string(), city: z.string() }),
  execute: async ({ role, city }) => ({
    content: `${role} in ${city}: €70,000–€90,000 (https://example.com/salaries)`,
    summary: `salary band for ${role} in ${city}`,
  }),
};

describe('the turn engine over the stub (R3.4, R3.5, R4.3, R5, R12.1, R14.1)', () => {
  let stub: LlmStub;
  let t: TestParley;
  let ada: User;
  let session: Session;

  async function start(options: ParleyOptions = {}, config: ParleyConfigInput = {}) {
    t = await createTestParley(
      { name: 'SQLite', database: 'sqlite' },
      {
        config: { ...config, llm: { baseUrl: stub.url, apiKey: 'test-key', model: 'stub-model' } },
        ...options,
      },
    );
    ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    session = await t.parley.sessions.create(ada.id);
  }
  const send = (content: string, tools?: Tool[]) =>
    t.parley.chat.send({ userId: ada.id, sessionId: session.id, content, ...(tools ? { tools } : {}) });
  const history = async () =>
    (await t.parley.conversation.history(ada.id, session.id, { order: 'asc', limit: 200 })).messages;
  const chatRequests = () =>
    stub.requests.filter(
      (r) =>
        r.path.endsWith('/chat/completions') &&
        (r.body as { response_format?: unknown }).response_format === undefined,
    );

  beforeEach(async () => {
    stub = await startLlmStub({
      reply: (request) => {
        if (request.response_format) return JSON.stringify({ title: 'Hiring chat' });
        return `Noted: ${String(request.messages?.at(-1)?.content)}`;
      },
    });
  });
  afterEach(async () => {
    await t?.cleanup();
    await stub.close();
  });

  describe('turns', () => {
    it("yields a turn's events in order to a reader that starts late", async () => {
      await start();
      const turn = await send('We need a Go engineer');
      const answer = await turn.done;
      const events = await read(turn);
      expect(events.map((event) => event.type)).toEqual([
        'message_received',
        'assistant_start',
        ...Array(events.length - 3).fill('assistant_chunk'),
        'assistant_end',
      ]);
      expect(events.every((event) => event.turnId === turn.id && event.sessionId === session.id)).toBe(true);
      const chunks = events.flatMap((event) => (event.type === 'assistant_chunk' ? [event] : []));
      expect(chunks.map((chunk) => chunk.index)).toEqual(chunks.map((_, index) => index));
      expect(chunks.map((chunk) => chunk.text).join('')).toBe(answer?.content);
    });

    it('publishes each event as it is made, in order, without waiting for an earlier publish to be out', async () => {
      const inner = createInProcessEventBus();
      const published: string[][] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // A bus whose first send to other processes is slow: it delivers here at once, and is out later.
      const bus: EventBus = {
        ...inner,
        async publishTurn(events, record) {
          published.push(events.map((event) => event.type));
          await inner.publishTurn(events, record);
          if (published.length === 1) await held;
        },
      };
      await start({ bus });
      stub.script({ text: 'one two three', chunkCount: 3 });
      const watched: ChatEvent[] = [];
      const ended = next(t, session.id, (event) => {
        watched.push(event);
        return event.type === 'assistant_end';
      });
      const turn = await send('We need a Go engineer');
      const events = await read(turn);
      // The session's watchers had the whole answer while the first publish was still under way.
      await ended;
      expect(watched).toEqual(events);
      release();
      await turn.done;
      expect(published).toEqual(events.map((event) => [event.type]));
    });

    it('gives two readers of one running turn the same events, one joining mid-answer', async () => {
      await start();
      stub.script({ text: 'one two three four five six', chunkCount: 6, chunkDelayMs: 30 });
      const turn = await send('Tell me slowly');
      const early = read(turn);
      await next(t, session.id, (event) => event.type === 'assistant_chunk' && event.index === 2);
      const late = await read(turn);
      expect(late).toEqual(await early);
      expect(late.at(-1)?.type).toBe('assistant_end');
    });

    it('is cancelled by its owner from another caller: what arrived is stored as incomplete', async () => {
      await start();
      stub.script({ text: 'one two three four five six seven eight', chunkCount: 8, chunkDelayMs: 40 });
      const turn = await send('Tell me slowly');
      await next(t, session.id, (event) => event.type === 'assistant_chunk' && event.index === 1);
      await expect(
        t.parley.chat.cancel({ userId: ada.id, sessionId: session.id, turnId: turn.id }),
      ).resolves.toBe(true);
      const partial = await turn.done;
      expect(partial).toMatchObject({ role: 'assistant', status: 'incomplete' });
      const last = (await read(turn)).at(-1);
      expect(last).toMatchObject({ type: 'assistant_error', error: { code: 'CANCELLED' } });
      expect((await history()).map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'incomplete'],
      ]);
      await expect(
        t.parley.chat.cancel({ userId: ada.id, sessionId: session.id, turnId: turn.id }),
      ).resolves.toBe(false);
    });

    it('withdraws a waiting turn: it ends CANCELLED with nothing stored, the running one is untouched', async () => {
      await start();
      stub.script({ text: 'slow answer here', chunkCount: 3, chunkDelayMs: 40 });
      const first = await send('first');
      const second = await send('second');
      const third = await send('third');
      expect([first.position, second.position, third.position]).toEqual([0, 1, 2]);
      second.cancel();
      await expect(second.done).resolves.toBeNull();
      expect(await read(second)).toEqual([
        {
          type: 'assistant_error',
          sessionId: session.id,
          turnId: second.id,
          error: { code: 'CANCELLED', message: expect.any(String) },
          message: null,
        },
      ]);
      await expect(first.done).resolves.toMatchObject({ status: 'complete', content: 'slow answer here' });
      await third.done;
      expect((await history()).map((m) => m.content)).toEqual([
        'first',
        'slow answer here',
        'third',
        'Noted: third',
      ]);
    });

    it("refuses to cancel someone else's turn with SESSION_NOT_FOUND, and the turn goes on", async () => {
      await start();
      stub.script({ text: 'one two three', chunkCount: 3, chunkDelayMs: 30 });
      const mallory = await t.parley.auth.register({
        email: 'mallory@example.com',
        password: 'password-mal',
      });
      const turn = await send('private question');
      await expectCode(
        t.parley.chat.cancel({ userId: mallory.id, sessionId: session.id, turnId: turn.id }),
        'SESSION_NOT_FOUND',
      );
      const own = await t.parley.sessions.create(mallory.id);
      await expect(
        t.parley.chat.cancel({ userId: mallory.id, sessionId: own.id, turnId: turn.id }),
      ).resolves.toBe(false);
      await expect(turn.done).resolves.toMatchObject({ status: 'complete', content: 'one two three' });
    });

    it("never lets a message refused with SESSION_NOT_FOUND touch the session's line, and stores nothing of it", async () => {
      const entered: string[] = [];
      const inner = createInProcessTurnQueue({ limit: 4, holdMs: 60_000 });
      const queue: TurnQueue = {
        enter: (sessionId, turnId) => (entered.push(sessionId), inner.enter(sessionId, turnId)),
      };
      await start({ queue });
      const mallory = await t.parley.auth.register({
        email: 'mallory@example.com',
        password: 'password-mal',
      });
      const intrude = (sessionId: string) =>
        expectCode(
          t.parley.chat.send({ userId: mallory.id, sessionId, content: 'let me in' }),
          'SESSION_NOT_FOUND',
        );
      // Someone else's session, idle and then busy, and an id no session has: the line (Redis keys
      // with several processes) is only ever entered for a session its sender passed the check on.
      await intrude(session.id);
      let letGo!: () => void;
      stub.script({
        text: 'one two three',
        chunkCount: 3,
        hold: { afterChunks: 1, until: new Promise((resolve) => (letGo = () => resolve(undefined))) },
      });
      const first = await send('We need a Go engineer');
      const second = await send('Remote is fine');
      await intrude(session.id);
      await intrude('00000000-0000-4000-8000-000000000000');
      expect(entered).toEqual([session.id, session.id]);
      expect([first.position, second.position]).toEqual([0, 1]);
      letGo();
      await Promise.all([first.done, second.done]);
      expect((await history()).filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
        'We need a Go engineer',
        'Remote is fine',
      ]);
    });

    it('caps the answers one user may have at once with RATE_LIMITED, storing nothing of the refused one', async () => {
      await start({}, { chat: { maxTurnsPerUser: 2 } });
      stub.script({ text: 'slow', chunkCount: 1, firstTokenDelayMs: 100 });
      const other = await t.parley.sessions.create(ada.id);
      const first = await send('one');
      const second = await t.parley.chat.send({ userId: ada.id, sessionId: other.id, content: 'two' });
      await expectCode(send('three'), 'RATE_LIMITED');
      await Promise.all([first.done, second.done]);
      expect((await history()).map((m) => m.content)).toEqual(['one', 'slow']);
      await expect(send('four').then((turn) => turn.done)).resolves.toMatchObject({ status: 'complete' });
    });

    it('feeds observe() every event of the turns this process runs', async () => {
      await start();
      const seen: ChatEvent[] = [];
      const stop = t.parley.chat.observe((event) => seen.push(event));
      const turn = await send('observe me');
      await turn.done;
      stop();
      expect(seen).toEqual(await read(turn));
    });

    it('tells the user when a session got its title (session_updated)', async () => {
      await start();
      const events: UserEvent[] = [];
      t.parley.chat.subscribeUser(ada.id, (event) => events.push(event));
      await (
        await send('We need a data engineer')
      ).done;
      await t.parley.chat.idle(session.id);
      expect(events).toEqual([
        {
          type: 'session_updated',
          userId: ada.id,
          session: expect.objectContaining({ title: 'Hiring chat' }),
        },
      ]);
    });
  });

  describe('tools', () => {
    it('runs one tool round: call, result, answer; history and export show the tool messages', async () => {
      await start({ tools: [salaries] });
      stub.script([
        {
          toolCalls: [
            { id: 'call_1', name: 'market_salary', arguments: { role: 'Go engineer', city: 'Berlin' } },
          ],
        },
        { text: 'Typically €70–90k, see https://example.com/salaries' },
      ]);
      const turn = await send('What do Go engineers earn in Berlin?');
      const answer = await turn.done;
      expect(answer).toMatchObject({
        role: 'assistant',
        content: 'Typically €70–90k, see https://example.com/salaries',
      });
      const events = await read(turn);
      expect(events.filter((e) => e.type === 'tool_call' || e.type === 'tool_result')).toEqual([
        {
          type: 'tool_call',
          sessionId: session.id,
          turnId: turn.id,
          callId: 'call_1',
          name: 'market_salary',
          args: { role: 'Go engineer', city: 'Berlin' },
        },
        {
          type: 'tool_result',
          sessionId: session.id,
          turnId: turn.id,
          callId: 'call_1',
          ok: true,
          summary: 'salary band for Go engineer in Berlin',
        },
      ]);
      expect(events.at(-1)).toMatchObject({ type: 'assistant_end', message: { id: answer?.id } });
      const [first, second] = chatRequests();
      expect(
        (first?.body as { tools?: Array<{ function: { name: string } }> }).tools?.map((x) => x.function.name),
      ).toEqual(['market_salary']);
      const sentBack = (
        second?.body as { messages: Array<{ role: string; tool_call_id?: string; content: string }> }
      ).messages;
      expect(sentBack.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
      expect(sentBack.at(-1)?.content).toContain('€70,000–€90,000');
      expect((await history()).map((m) => [m.role, m.toolCalls?.map((c) => c.name) ?? m.toolCallId])).toEqual(
        [
          ['user', null],
          ['assistant', ['market_salary']],
          ['tool', 'call_1'],
          ['assistant', null],
        ],
      );
      const markdown = await t.parley.conversation.export(ada.id, session.id, 'md');
      expect(markdown).toContain('called `market_salary`');
      expect(markdown).toContain('result of call `call_1`');
    });

    it("runs two rounds, and keeps tool messages in the next turn's prompt", async () => {
      await start({ tools: [salaries] });
      stub.script([
        { toolCalls: [{ id: 'a', name: 'market_salary', arguments: { role: 'Go', city: 'Berlin' } }] },
        { toolCalls: [{ id: 'b', name: 'market_salary', arguments: { role: 'Go', city: 'Munich' } }] },
        { text: 'Berlin and Munich pay alike.' },
      ]);
      const turn = await send('Compare Berlin and Munich');
      await expect(turn.done).resolves.toMatchObject({ content: 'Berlin and Munich pay alike.' });
      expect((await read(turn)).filter((e) => e.type === 'tool_result')).toHaveLength(2);
      await (
        await send('Thanks')
      ).done;
      const prompt = (chatRequests().at(-1)?.body as { messages: Array<{ role: string }> }).messages;
      expect(prompt.map((m) => m.role)).toEqual([
        'system',
        'system',
        'user',
        'assistant',
        'tool',
        'assistant',
        'tool',
        'assistant',
        'user',
      ]);
    });

    it('gives the model the error of a throwing tool, an unknown tool and invalid arguments, and answers', async () => {
      const broken: Tool<{ q: string }> = {
        name: 'broken',
        description: 'Always fails.',
        parameters: z.object({ q: z.string() }),
        execute: async () => {
          throw new Error('upstream exploded');
        },
      };
      await start({ tools: [salaries, broken] });
      stub.script([
        {
          toolCalls: [
            { id: 'x', name: 'broken', arguments: { q: 'go' } },
            { id: 'y', name: 'nope', arguments: {} },
            { id: 'z', name: 'market_salary', arguments: { role: 7 } },
          ],
        },
        { text: 'I could not look that up.' },
      ]);
      const turn = await send('Look it up');
      await expect(turn.done).resolves.toMatchObject({ content: 'I could not look that up.' });
      const results = (await read(turn)).filter((e) => e.type === 'tool_result');
      expect(results.map((e) => e.type === 'tool_result' && [e.callId, e.ok])).toEqual([
        ['x', false],
        ['y', false],
        ['z', false],
      ]);
      const tools = (await history()).filter((m) => m.role === 'tool').map((m) => m.content);
      expect(tools[0]).toContain('upstream exploded');
      expect(tools[1]).toContain('no tool named "nope"');
      expect(tools[2]).toContain('invalid arguments');
    });

    it('stops a tool that does not answer in time and tells the model', async () => {
      let aborted = false;
      const slow: Tool<Record<string, never>> = {
        name: 'slow',
        description: 'Never answers.',
        parameters: z.object({}),
        timeoutMs: 100,
        execute: (_args, { signal }) =>
          new Promise(() => signal.addEventListener('abort', () => (aborted = true), { once: true })),
      };
      await start({ tools: [slow] });
      stub.script([{ toolCalls: [{ id: 's', name: 'slow', arguments: {} }] }, { text: 'It timed out.' }]);
      const turn = await send('Try the slow tool');
      await expect(turn.done).resolves.toMatchObject({ content: 'It timed out.' });
      const result = (await read(turn)).find((e) => e.type === 'tool_result');
      expect(result).toMatchObject({ ok: false, summary: 'slow did not answer within 100 ms' });
      expect(aborted).toBe(true);
    });

    it('leaves a call without its stored result out of later prompts (the model API would refuse it)', async () => {
      await start({ tools: [salaries] });
      const stored = await t.parley.sessions.get(ada.id, session.id);
      await recorder(t).record(stored, 'user', 'Earlier question');
      await recorder(t).record(stored, 'assistant', '', {
        toolCalls: [{ id: 'lost', name: 'market_salary', arguments: '{}' }],
      });
      await (
        await send('Next question')
      ).done;
      const prompt = (
        chatRequests().at(-1)?.body as { messages: Array<{ role: string; tool_calls?: unknown }> }
      ).messages;
      expect(prompt.some((m) => m.tool_calls !== undefined)).toBe(false);
      expect(prompt.filter((m) => m.role === 'user')).toHaveLength(2);
    });

    it('ends the loop at the round cap with a final request without tools', async () => {
      await start({ tools: [salaries] }, { chat: { maxToolRounds: 1 } });
      stub.script([
        { toolCalls: [{ id: 'a', name: 'market_salary', arguments: { role: 'Go', city: 'Berlin' } }] },
        { text: 'Final answer without more lookups.' },
      ]);
      const turn = await send('Compare every city');
      await expect(turn.done).resolves.toMatchObject({ content: 'Final answer without more lookups.' });
      const [first, last] = chatRequests();
      expect((first?.body as { tools?: unknown }).tools).toBeDefined();
      expect((last?.body as { tools?: unknown }).tools).toBeUndefined();
    });

    it('aborts a running tool when the turn is cancelled', async () => {
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let aborted = false;
      const waiting: Tool<Record<string, never>> = {
        name: 'waiting',
        description: 'Waits until cancelled.',
        parameters: z.object({}),
        execute: (_args, { signal }) =>
          new Promise((_, reject) => {
            started();
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            });
          }),
      };
      await start({ tools: [waiting] });
      stub.script([{ toolCalls: [{ id: 'w', name: 'waiting', arguments: {} }] }]);
      const turn = await send('Wait for it');
      await running;
      turn.cancel();
      await turn.done;
      expect(aborted).toBe(true);
      expect((await read(turn)).at(-1)).toMatchObject({
        type: 'assistant_error',
        error: { code: 'CANCELLED' },
      });
    });

    it('offers per-turn tools besides the ones given to createParley', async () => {
      await start();
      stub.script([
        { toolCalls: [{ id: 'p', name: 'market_salary', arguments: { role: 'Go', city: 'Lisbon' } }] },
        { text: 'Done.' },
      ]);
      const turn = await send('Lisbon?', [salaries]);
      await expect(turn.done).resolves.toMatchObject({ content: 'Done.' });
      expect((await read(turn)).some((e) => e.type === 'tool_result' && e.ok)).toBe(true);
    });
  });

  describe('context sources', () => {
    it('puts a registered source in the prompt, and answers without one that fails (counted)', async () => {
      await start({
        contextSources: [
          {
            name: 'memory',
            order: 100,
            budgetShare: 0.1,
            build: async () => ({ messages: [{ role: 'system', content: 'User prefers EUR.' }], tokens: 8 }),
          },
          {
            name: 'retrieved',
            order: 400,
            budgetShare: 0.1,
            build: async () => {
              throw new Error('index offline');
            },
          },
        ],
      });
      await expect((await send('What should we pay?')).done).resolves.toMatchObject({ status: 'complete' });
      const prompt = (chatRequests().at(-1)?.body as { messages: Array<{ content: string }> }).messages;
      expect(prompt.map((m) => m.content)).toContain('User prefers EUR.');
      expect(t.parley.chat.skippedContextSources()).toEqual([
        { source: 'retrieved', reason: 'failed', count: 1 },
      ]);
    });

    it("starts a source's prepare before the user message is stored, and builds with what it started", async () => {
      const order: string[] = [];
      await start({
        contextSources: [
          {
            name: 'memory',
            order: 100,
            budgetShare: 0.1,
            prepare: async ({ session: admitted }) => {
              order.push(`prepare ${admitted?.id === session.id ? 'with' : 'without'} the session row`);
              return 'User prefers EUR.';
            },
            build: async ({ prepared }) => ({
              messages: [{ role: 'system', content: String(await prepared) }],
              tokens: 8,
            }),
          },
        ],
      });
      const append = t.parley.internal.store.messages.append.bind(t.parley.internal.store.messages);
      t.parley.internal.store.messages.append = (message, condition) => {
        order.push(`append ${message.role}`);
        return append(message, condition);
      };
      await (
        await send('What should we pay?')
      ).done;
      expect(order).toEqual(['prepare with the session row', 'append user', 'append assistant']);
      const prompt = (chatRequests().at(-1)?.body as { messages: Array<{ content: string }> }).messages;
      expect(prompt.map((m) => m.content)).toContain('User prefers EUR.');
    });
  });

  describe('after-turn jobs', () => {
    it('runs registered jobs after the user message and after the answer, off the answer path', async () => {
      const seen: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const jobs: AfterTurnJob[] = [
        {
          name: 'on-message',
          on: 'message',
          run: async ({ userMessage, answer }) => {
            await gate;
            seen.push(`message:${userMessage.content}:${answer === null}`);
          },
        },
        {
          name: 'on-answer',
          on: 'answer',
          run: async ({ answer }) => void seen.push(`answer:${answer?.content}`),
        },
        {
          name: 'failing',
          on: 'answer',
          run: async () => {
            throw new Error('job broke');
          },
        },
      ];
      await start({ afterTurn: jobs });
      const answer = await (await send('hello')).done;
      expect(answer).toMatchObject({ status: 'complete' });
      release();
      await t.parley.chat.idle(session.id);
      expect(seen.sort()).toEqual(['answer:Noted: hello', 'message:hello:true']);
      expect(t.parley.jobs.stats().failed).toEqual({ failing: 1 });
    });

    it("starts message jobs after the model's first delta has gone out, or without it when the model is slow", async () => {
      const order: string[] = [];
      let jobRan: () => void = () => undefined;
      await start({
        afterTurn: [
          {
            name: 'probe',
            on: 'message',
            run: async ({ userMessage }) => {
              order.push(`job ${userMessage.content}`);
              jobRan();
            },
          },
        ],
      });
      const stop = t.parley.chat.subscribe(session.id, (event) => {
        if (event.type === 'assistant_chunk' && event.index === 0) order.push('first delta');
      });
      await (
        await send('fast')
      ).done;
      await t.parley.chat.idle(session.id);
      expect(order).toEqual(['first delta', 'job fast']);

      // A model that has not answered yet: the job starts anyway, while the answer waits.
      let answer!: () => void;
      const answering = new Promise<void>((resolve) => (answer = resolve));
      stub.script({ text: 'Noted: slow', beforeChunk: (index) => (index === 0 ? answering : undefined) });
      const ran = new Promise<void>((resolve) => (jobRan = resolve));
      order.length = 0;
      const slow = await send('slow');
      await ran;
      expect(order).toEqual(['job slow']);
      answer();
      await slow.done;
      stop();
      expect(order).toEqual(['job slow', 'first delta']);
    });

    it('starts message jobs once the prompt is built; idle() and close() wait for them all the same', async () => {
      const order: string[] = [];
      let building = 0;
      let releaseBuild!: () => void;
      const slowBuild = new Promise<void>((resolve) => (releaseBuild = resolve));
      await start({
        contextSources: [
          {
            name: 'slow',
            order: 150,
            budgetShare: 0.1,
            build: async () => {
              building += 1;
              if (building === 2) await slowBuild;
              order.push(`built ${building}`);
              return null;
            },
          },
        ],
        afterTurn: [
          {
            name: 'probe',
            on: 'message',
            run: async ({ userMessage }) => void order.push(`job ${userMessage.content}`),
          },
        ],
      });
      await (
        await send('one')
      ).done;
      await t.parley.chat.idle(session.id);
      expect(order).toEqual(['built 1', 'job one']);

      const started = next(t, session.id, (event) => event.type === 'assistant_start');
      const second = await send('two');
      await started;
      const closing = t.parley.close();
      releaseBuild();
      await closing;
      await second.done.catch(() => undefined);
      expect(order).toEqual(['built 1', 'job one', 'built 2', 'job two']);
    });
  });
});
