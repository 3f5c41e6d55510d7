import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ToolDefinition } from '../../src/ports/chat-model.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import { collect, ORIGIN, SSE_HEADERS, sseBody, testModels, userSays } from './llm-test-kit.js';

const CHAT = '/api/v1/chat/completions';

const SEARCH: ToolDefinition = {
  name: 'web_search',
  description: 'Searches the web.',
  parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};
const OPENAI_SEARCH = {
  type: 'function',
  function: { name: SEARCH.name, description: SEARCH.description, parameters: SEARCH.parameters },
};

/** A streamed answer made of raw `delta`s, then a finish chunk, a usage chunk and [DONE]. */
function deltasBody(deltas: Array<Record<string, unknown>>, finish = 'tool_calls'): string {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'primary/model', choices, ...extra })}\n\n`;
  return [
    chunk([{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }]),
    ...deltas.map((delta) => chunk([{ index: 0, delta, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: finish }]),
    chunk([], { usage: { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 } }),
    'data: [DONE]\n\n',
  ].join('');
}

const callStart = (index: number, id: string, name: string) => ({
  tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }],
});
const callArgs = (index: number, piece: string) => ({
  tool_calls: [{ index, function: { arguments: piece } }],
});

/** Records every chat request body sent to the nock origin. */
function recordBodies(times: number, reply: () => [number, string | object, Record<string, string>?]) {
  const bodies: Array<Record<string, unknown>> = [];
  nock(ORIGIN)
    .post(CHAT, (body) => {
      bodies.push(body);
      return true;
    })
    .times(times)
    .reply(() => reply());
  return bodies;
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('OpenAI-compatible chat model: tool calls', () => {
  it('sends tools, assistant tool_calls and tool results in the OpenAI format and assembles a call from its deltas', async () => {
    const bodies = recordBodies(1, () => [
      200,
      deltasBody([
        callStart(0, 'call_abc', 'web_search'),
        callArgs(0, '{"qu'),
        callArgs(0, 'ery": "rust '),
        callArgs(0, 'jobs"}'),
      ]),
      SSE_HEADERS,
    ]);
    const history: ChatMessage[] = [
      { role: 'user', content: 'Find Go jobs' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'web_search', arguments: '{"query":"go"}' }],
      },
      { role: 'tool', content: '3 results', toolCallId: 'call_1' },
      { role: 'assistant', content: 'Three Go jobs.' },
      { role: 'user', content: 'Now Rust' },
    ];
    const { chat } = testModels();
    const { events, text, error } = await collect(chat.stream({ messages: history, tools: [SEARCH] }));
    expect(error).toBeUndefined();
    expect(text).toBe('');
    expect(events).toEqual([
      {
        type: 'done',
        model: 'primary/model',
        usage: { promptTokens: 30, completionTokens: 9 },
        finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_abc', name: 'web_search', arguments: '{"query": "rust jobs"}' }],
      },
    ]);
    expect(bodies[0]?.tools).toEqual([OPENAI_SEARCH]);
    expect(bodies[0]?.messages).toEqual([
      { role: 'user', content: 'Find Go jobs' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'web_search', arguments: '{"query":"go"}' } },
        ],
      },
      { role: 'tool', content: '3 results', tool_call_id: 'call_1' },
      { role: 'assistant', content: 'Three Go jobs.' },
      { role: 'user', content: 'Now Rust' },
    ]);
  });

  it('assembles two parallel calls whose deltas interleave, in index order', async () => {
    recordBodies(1, () => [
      200,
      deltasBody([
        callStart(0, 'call_a', 'web_search'),
        callStart(1, 'call_b', 'web_search'),
        callArgs(1, '{"query":'),
        callArgs(0, '{"query":'),
        callArgs(0, '"rust"}'),
        callArgs(1, '"go"}'),
      ]),
      SSE_HEADERS,
    ]);
    const { chat } = testModels();
    const { events } = await collect(chat.stream({ messages: userSays('both'), tools: [SEARCH] }));
    expect(events.at(-1)).toMatchObject({
      toolCalls: [
        { id: 'call_a', name: 'web_search', arguments: '{"query":"rust"}' },
        { id: 'call_b', name: 'web_search', arguments: '{"query":"go"}' },
      ],
    });
  });

  it('streams the text before the calls and returns both', async () => {
    recordBodies(1, () => [
      200,
      deltasBody([
        { content: 'Let me ' },
        { content: 'check.' },
        callStart(0, 'call_a', 'web_search'),
        callArgs(0, '{"query":"rust"}'),
      ]),
      SSE_HEADERS,
    ]);
    const { chat } = testModels();
    const { events } = await collect(chat.stream({ messages: userSays('rust?'), tools: [SEARCH] }));
    expect(events).toEqual([
      { type: 'delta', text: 'Let me ' },
      { type: 'delta', text: 'check.' },
      expect.objectContaining({
        type: 'done',
        finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_a', name: 'web_search', arguments: '{"query":"rust"}' }],
      }),
    ]);
  });

  it('names a call the provider sent without an id after its index', async () => {
    recordBodies(1, () => [
      200,
      deltasBody([{ tool_calls: [{ index: 0, function: { name: 'web_search', arguments: '{}' } }] }], 'stop'),
      SSE_HEADERS,
    ]);
    const { chat } = testModels();
    const { events } = await collect(chat.stream({ messages: userSays('x'), tools: [SEARCH] }));
    expect(events.at(-1)).toMatchObject({
      finishReason: 'stop',
      toolCalls: [{ id: 'call_0', name: 'web_search', arguments: '{}' }],
    });
  });

  it('assembles calls from a provider that omits the delta index', async () => {
    recordBodies(1, () => [
      200,
      deltasBody([
        {
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'web_search', arguments: '{"query":' } },
          ],
        },
        { tool_calls: [{ function: { arguments: '"rust"}' } }] },
        {
          tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'web_search', arguments: '{}' } }],
        },
        { tool_calls: [{ id: 'call_b', function: { arguments: '' } }] },
      ]),
      SSE_HEADERS,
    ]);
    const { chat } = testModels();
    const { events } = await collect(chat.stream({ messages: userSays('x'), tools: [SEARCH] }));
    expect(events.at(-1)).toMatchObject({
      toolCalls: [
        { id: 'call_a', name: 'web_search', arguments: '{"query":"rust"}' },
        { id: 'call_b', name: 'web_search', arguments: '{}' },
      ],
    });
  });

  it('retries a stream dropped in the middle of its tool calls, since nothing reached the client', async () => {
    const partial = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'primary/model', choices: [{ index: 0, delta: callStart(0, 'call_a', 'web_search'), finish_reason: null }] })}\n\n`;
    nock(ORIGIN).post(CHAT).reply(200, partial, SSE_HEADERS);
    nock(ORIGIN)
      .post(CHAT)
      .reply(200, deltasBody([callStart(0, 'call_b', 'web_search'), callArgs(0, '{}')]), SSE_HEADERS);
    const { chat, sleeps } = testModels();
    const { events, error } = await collect(chat.stream({ messages: userSays('x'), tools: [SEARCH] }));
    expect(error).toBeUndefined();
    expect(events).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ toolCalls: [{ id: 'call_b', arguments: '{}' }] });
    expect(sleeps).toHaveLength(1);
  });

  it('sends no tools when LLM_TOOLS is off, and earlier tool rounds as plain text', async () => {
    const bodies = recordBodies(1, () => [200, sseBody('primary/model', ['plain']), SSE_HEADERS]);
    const { chat } = testModels({ tools: 'off' });
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Find Go jobs' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'web_search', arguments: '{"query":"go"}' }],
      },
      { role: 'tool', content: '3 results', toolCallId: 'call_1' },
      { role: 'user', content: 'And?' },
    ];
    const { text } = await collect(chat.stream({ messages, tools: [SEARCH] }));
    expect(text).toBe('plain');
    expect(bodies[0]).not.toHaveProperty('tools');
    expect(bodies[0]?.messages).toEqual([
      { role: 'user', content: 'Find Go jobs' },
      { role: 'assistant', content: '(Called web_search with {"query":"go"}.)' },
      { role: 'user', content: '(Result of web_search:)\n3 results' },
      { role: 'user', content: 'And?' },
    ]);
  });
});

describe('OpenAI-compatible chat model: models that refuse tools', () => {
  it.each([
    [
      'OpenRouter',
      404,
      'No endpoints found that support tool use. To learn more about provider routing, visit: …',
    ],
    ['OpenRouter (400)', 400, 'No endpoints found that support tool use.'],
    ['Ollama', 400, 'registry.ollama.ai/library/gemma:2b does not support tools'],
    ['a server without tools', 400, "'tools' is not supported by this model"],
    ['a server without tool_choice', 400, 'tool_choice is unsupported'],
    ['vLLM', 400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set'],
    ['a model without function calling', 400, 'This model does not support function calling.'],
  ])(
    'asks again without tools after a refusal from %s, and remembers the model as tool-less',
    async (_provider, status, message) => {
      const bodies: Array<Record<string, unknown>> = [];
      nock(ORIGIN)
        .post(CHAT, (body) => {
          bodies.push(body);
          return true;
        })
        .reply(status, { error: { message } })
        .post(CHAT, (body) => {
          bodies.push(body);
          return true;
        })
        .times(2)
        .reply(200, sseBody('primary/model', ['answered']), SSE_HEADERS);
      const { chat, sleeps, logs } = testModels();
      const first = await collect(chat.stream({ messages: userSays('a'), tools: [SEARCH] }));
      expect(first.error).toBeUndefined();
      expect(first.text).toBe('answered');
      const second = await collect(chat.stream({ messages: userSays('b'), tools: [SEARCH] }));
      expect(second.text).toBe('answered');
      expect(bodies.map((body) => 'tools' in body)).toEqual([true, false, false]);
      expect(sleeps).toEqual([]);
      expect(logs.some((line) => line.includes('llm model refuses tools'))).toBe(true);
    },
  );

  it('still sends tools to the fallback model when only the primary refuses them', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const record = (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    };
    nock(ORIGIN)
      .post(CHAT, (body) => body.model === 'primary/model' && record(body))
      .reply(400, { error: { message: 'primary/model does not support tools' } })
      .post(CHAT, (body) => body.model === 'primary/model' && record(body))
      .times(3)
      .reply(503, {})
      .post(CHAT, (body) => body.model === 'backup/model' && record(body))
      .reply(200, sseBody('backup/model', ['from backup']), SSE_HEADERS);
    const { chat } = testModels({ fallbackModels: ['backup/model'] });
    const { text } = await collect(chat.stream({ messages: userSays('a'), tools: [SEARCH] }));
    expect(text).toBe('from backup');
    expect(bodies.map((body) => [body.model, 'tools' in body])).toEqual([
      ['primary/model', true],
      ['primary/model', false],
      ['primary/model', false],
      ['primary/model', false],
      ['backup/model', true],
    ]);
  });

  it.each([
    'context length exceeded',
    "Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls'.",
  ])(
    'treats a 400 that is not about tools as the failure it is: no retry without tools (%s)',
    async (message) => {
      const bodies = recordBodies(1, () => [400, { error: { message } }]);
      const extra = nock(ORIGIN)
        .post(CHAT)
        .reply(200, sseBody('primary/model', ['no']), SSE_HEADERS);
      const { chat } = testModels();
      const { error } = await collect(chat.stream({ messages: userSays('a'), tools: [SEARCH] }));
      expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
      expect(bodies).toHaveLength(1);
      expect(extra.isDone()).toBe(false);
    },
  );
});
