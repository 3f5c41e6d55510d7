import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParleyError } from '../../src/errors/parley-error.js';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { ToolDefinition } from '../../src/ports/chat-model.js';
import { API_KEY, collect, SSE_HEADERS, sseBody, testModels, userSays } from './llm-test-kit.js';

let stub: LlmStub;
beforeAll(async () => {
  stub = await startLlmStub({ embeddingDimensions: 16, toolLessModels: ['stub/tool-less'] });
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

const SEARCH: ToolDefinition = {
  name: 'web_search',
  description: 'Searches the web.',
  parameters: { type: 'object', properties: { query: { type: 'string' } } },
};

const overStub = (overrides: Parameters<typeof testModels>[0] = {}) =>
  testModels({ baseUrl: stub.url, model: 'stub/primary', ...overrides });
const chatRequests = () => stub.requests.filter((request) => request.path === '/v1/chat/completions');
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * A server that accepts connections and never answers (a hung endpoint), with the sockets it got;
 * `connected` resolves at the first one.
 */
async function startSilentServer() {
  const sockets: Socket[] = [];
  let first!: () => void;
  const connected = new Promise<void>((resolve) => (first = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    first();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    sockets,
    connected,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('OpenAI-compatible models over the real stub server', () => {
  it('streams the answer and embeds over HTTP', async () => {
    stub.script({ text: 'The stub says hello to you', chunkSize: 5 });
    const { chat, embeddings } = overStub();
    const { events, text, error } = await collect(chat.stream({ messages: userSays('hello') }));
    expect(error).toBeUndefined();
    expect(text).toBe('The stub says hello to you');
    expect(
      events.filter((event) => event.type === 'delta').map((event) => event.type === 'delta' && event.text),
    ).toEqual(['The s', 'tub s', 'ays h', 'ello ', 'to yo', 'u']);
    expect(events.at(-1)).toMatchObject({ type: 'done', model: 'stub/primary', finishReason: 'stop' });
    const [a = [], b = []] = await embeddings.embed(['remote rust', 'remote rust']);
    expect(a).toHaveLength(16);
    expect(a).toEqual(b);
    await expect(chat.ping()).resolves.toBeUndefined();
  });

  it('gets JSON from the stub default answer', async () => {
    const { chat } = overStub();
    const { value } = await chat.completeJson({
      messages: userSays('remote only'),
      schema: z.object({ echo: z.string() }),
      name: 'echo',
    });
    expect(value).toEqual({ echo: 'remote only' });
  });

  it('sends every request through the given fetch (and so the SDK) when one is given, with the same bodies', async () => {
    stub.script({ text: 'Through your fetch', chunkSize: 8 });
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const { chat, embeddings } = testModels(
      { baseUrl: stub.url, model: 'stub/primary', embeddingModel: 'stub/embed' },
      undefined,
      undefined,
      counting,
    );
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(error).toBeUndefined();
    expect(text).toBe('Through your fetch');
    const { value } = await chat.completeJson({
      messages: userSays('remote only'),
      schema: z.object({ echo: z.string() }),
      name: 'echo',
    });
    expect(value).toEqual({ echo: 'remote only' });
    expect(await embeddings.embed(['remote rust'])).toEqual([expect.any(Array)]);
    expect(seen).toEqual([
      `${stub.url}/chat/completions`,
      `${stub.url}/chat/completions`,
      `${stub.url}/embeddings`,
    ]);
    expect(chatRequests().map((request) => request.body)).toMatchObject([
      { model: 'stub/primary', stream: true },
      { model: 'stub/primary', response_format: { type: 'json_object' } },
    ]);
    expect(stub.requests.at(-1)?.body).toEqual({
      model: 'stub/embed',
      input: ['remote rust'],
      encoding_format: 'float',
    });
  });

  it('sends JSON completions and embeddings over HTTP with the same bodies as the SDK', async () => {
    const { chat, embeddings } = overStub({ embeddingModel: 'stub/embed' });
    await chat.completeJson({
      messages: userSays('remote only'),
      schema: z.object({ echo: z.string() }),
      name: 'echo',
      temperature: 0,
    });
    await embeddings.embed(['remote rust', 'go']);
    const [json, embed] = stub.requests;
    expect(json).toMatchObject({
      path: '/v1/chat/completions',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        'x-title': 'Parley Test',
      },
      body: { model: 'stub/primary', response_format: { type: 'json_object' }, temperature: 0 },
    });
    expect(embed).toMatchObject({
      path: '/v1/embeddings',
      headers: { authorization: `Bearer ${API_KEY}` },
      body: { model: 'stub/embed', input: ['remote rust', 'go'], encoding_format: 'float' },
    });
  });

  it('streams answers one after another over one kept-alive connection', async () => {
    let connections = 0;
    const server = createHttpServer((_request, response) => {
      response.writeHead(200, SSE_HEADERS);
      response.end(sseBody('primary/model', ['Hello', ' again']));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const { chat } = testModels({ baseUrl: `http://127.0.0.1:${port}/v1` });
      for (let turn = 0; turn < 3; turn += 1) {
        const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
        expect(error).toBeUndefined();
        expect(text).toBe('Hello again');
      }
      expect(connections).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    [
      'reports an error in its data',
      `data: ${JSON.stringify({ error: { message: 'upstream overloaded' } })}\n\n`,
    ],
    ['sends an error event', `event: error\ndata: ${JSON.stringify({ message: 'upstream overloaded' })}\n\n`],
    ['sends data that is not JSON', 'data: {"choices": [\n\n'],
  ])(
    'ends the answer with LLM_UNAVAILABLE when the stream %s after its first text, in the same read',
    async (_case, tail) => {
      const chunk = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
      const server = createHttpServer((_request, response) => {
        response.writeHead(200, SSE_HEADERS);
        response.end(
          chunk({ choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] }) +
            tail +
            chunk({ choices: [{ index: 0, delta: { content: ' never read' }, finish_reason: null }] }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const { chat, sleeps } = testModels({ baseUrl: `http://127.0.0.1:${port}/v1` });
        const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
        expect(text).toBe('partial');
        expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
        expect(sleeps).toEqual([]);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  it('stops waiting for response headers after LLM_CONNECT_TIMEOUT_MS and retries, then reports the network', async () => {
    const silent = await startSilentServer();
    try {
      const { chat, sleeps } = testModels({ baseUrl: silent.baseUrl, connectTimeoutMs: 100 });
      const { error } = await collect(chat.stream({ messages: userSays('hi') }));
      expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
      expect((error as ParleyError).details.attempts).toMatchObject([
        { model: 'primary/model', reason: 'network' },
      ]);
      expect(silent.sockets).toHaveLength(3);
      expect(sleeps).toHaveLength(2);
    } finally {
      await silent.close();
    }
  });

  it("stops waiting for a JSON completion's response headers after LLM_CONNECT_TIMEOUT_MS, and an embedding request's", async () => {
    const silent = await startSilentServer();
    try {
      const { chat, embeddings } = testModels({
        baseUrl: silent.baseUrl,
        embeddingModel: 'embed/model',
        connectTimeoutMs: 100,
      });
      const json = chat.completeJson({ messages: userSays('hi'), schema: z.object({}), name: 'nothing' });
      await expect(json).rejects.toMatchObject({
        code: 'LLM_UNAVAILABLE',
        details: { attempts: [{ model: 'primary/model', reason: 'network' }] },
      });
      expect(silent.sockets).toHaveLength(3);
      await expect(embeddings.embed(['hi'])).rejects.toMatchObject({
        code: 'LLM_UNAVAILABLE',
        details: { attempts: [{ model: 'embed/model', reason: 'network' }] },
      });
      expect(silent.sockets).toHaveLength(6);
    } finally {
      await silent.close();
    }
  });

  it('stops a JSON completion the caller aborts while it waits, without retrying', async () => {
    const silent = await startSilentServer();
    try {
      const { chat, sleeps } = testModels({ baseUrl: silent.baseUrl });
      const controller = new AbortController();
      const json = chat.completeJson({
        messages: userSays('hi'),
        schema: z.object({}),
        name: 'nothing',
        signal: controller.signal,
      });
      await silent.connected;
      controller.abort();
      await expect(json).rejects.toMatchObject({ name: 'AbortError' });
      expect(silent.sockets).toHaveLength(1);
      expect(sleeps).toHaveLength(0);
    } finally {
      await silent.close();
    }
  });

  it('sends no Authorization header to a keyless custom endpoint', async () => {
    const { chat } = overStub({ apiKey: null, baseUrlSet: true });
    await collect(chat.stream({ messages: userSays('hi') }));
    expect(chatRequests()[0]?.headers.authorization).toBeUndefined();
  });

  it('stops the HTTP request when the caller aborts mid-stream, without retrying', async () => {
    stub.script({ text: 'one two three four five six seven eight', chunkDelayMs: 40 });
    const { chat } = overStub({ fallbackModels: ['stub/backup'] });
    const controller = new AbortController();
    const seen: string[] = [];
    const outcome = await (async () => {
      for await (const event of chat.stream({ messages: userSays('hi'), signal: controller.signal })) {
        if (event.type === 'delta') seen.push(event.text);
        if (seen.length === 2) controller.abort();
      }
    })().catch((error: unknown) => error);
    expect((outcome as Error).name).toBe('AbortError');
    expect(seen).toEqual(['one ', 'two ']);
    await settle();
    expect(chatRequests()).toHaveLength(1);
  });

  it('surfaces a connection dropped after output as LLM_UNAVAILABLE, with no retry or fallback', async () => {
    stub.script({ text: 'one two three four', dropAfterChunks: 2 });
    const { chat } = overStub({ fallbackModels: ['stub/backup'] });
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('one two ');
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect((error as ParleyError).message).toContain('middle of its answer');
    await settle();
    expect(chatRequests()).toHaveLength(1);
  });

  it('retries a connection dropped before any output', async () => {
    stub.script([{ text: 'lost', dropAfterChunks: 0 }, 'second try']);
    const { chat, sleeps } = overStub();
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(error).toBeUndefined();
    expect(text).toBe('second try');
    expect(sleeps).toHaveLength(1);
    expect(chatRequests()).toHaveLength(2);
  });

  it('times out waiting for the first token with LLM_TIMEOUT, then tries the fallback', async () => {
    stub.script([{ firstTokenDelayMs: 2_000 }, { firstTokenDelayMs: 2_000 }]);
    const { chat } = overStub({ firstTokenTimeoutMs: 100, fallbackModels: ['stub/backup'] });
    const { error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(ParleyError.is(error, 'LLM_TIMEOUT')).toBe(true);
    expect((error as ParleyError).details.phase).toBe('first-token');
    expect(chatRequests().map((request) => (request.body as { model: string }).model)).toEqual([
      'stub/primary',
      'stub/backup',
    ]);
  });

  it('times out on a long gap between chunks once output has started', async () => {
    stub.script({ text: 'a b c', chunkDelayMs: 1_000 });
    const { chat } = overStub({ idleTimeoutMs: 100 });
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('a ');
    expect(ParleyError.is(error, 'LLM_TIMEOUT')).toBe(true);
    expect((error as ParleyError).details.phase).toBe('idle');
  });

  it('bounds the whole answer with the total timeout', async () => {
    stub.script({ text: 'a b c d e f g h', chunkDelayMs: 60 });
    const { chat } = overStub({ idleTimeoutMs: 1_000, totalTimeoutMs: 150 });
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text.length).toBeGreaterThan(0);
    expect(ParleyError.is(error, 'LLM_TIMEOUT')).toBe(true);
    expect((error as ParleyError).details.phase).toBe('total');
  });

  it('streams tool calls over HTTP and sends the tool round back in the OpenAI format', async () => {
    stub.script([
      {
        text: 'Searching.',
        toolCalls: [
          { id: 'call_1', name: 'web_search', arguments: { query: 'rust jobs berlin' } },
          { id: 'call_2', name: 'web_search', arguments: { query: 'go jobs berlin' } },
        ],
        argumentChunks: 4,
      },
      'Found both.',
    ]);
    const { chat } = overStub();
    const first = await collect(chat.stream({ messages: userSays('jobs?'), tools: [SEARCH] }));
    expect(first.text).toBe('Searching.');
    const done = first.events.at(-1);
    expect(done).toMatchObject({
      type: 'done',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_1', name: 'web_search', arguments: '{"query":"rust jobs berlin"}' },
        { id: 'call_2', name: 'web_search', arguments: '{"query":"go jobs berlin"}' },
      ],
    });
    const toolCalls = done?.type === 'done' ? done.toolCalls : [];
    const second = await collect(
      chat.stream({
        messages: [
          ...userSays('jobs?'),
          { role: 'assistant', content: 'Searching.', toolCalls },
          { role: 'tool', content: '4 results', toolCallId: 'call_1' },
          { role: 'tool', content: '2 results', toolCallId: 'call_2' },
        ],
        tools: [SEARCH],
      }),
    );
    expect(second.text).toBe('Found both.');
    const [sentFirst, sentSecond] = chatRequests().map((request) => request.body as Record<string, unknown>);
    expect(sentFirst?.tools).toEqual([
      {
        type: 'function',
        function: { name: 'web_search', description: SEARCH.description, parameters: SEARCH.parameters },
      },
    ]);
    expect((sentSecond?.messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Searching.',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'web_search', arguments: '{"query":"rust jobs berlin"}' },
          },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'web_search', arguments: '{"query":"go jobs berlin"}' },
          },
        ],
      },
      { role: 'tool', content: '4 results', tool_call_id: 'call_1' },
      { role: 'tool', content: '2 results', tool_call_id: 'call_2' },
    ]);
  });

  it('asks a model that refuses tools again without them, once, and then never offers it tools', async () => {
    stub.script(['first answer', 'second answer']);
    const { chat } = overStub({ model: 'stub/tool-less' });
    const first = await collect(chat.stream({ messages: userSays('a'), tools: [SEARCH] }));
    expect(first.text).toBe('first answer');
    const second = await collect(chat.stream({ messages: userSays('b'), tools: [SEARCH] }));
    expect(second.text).toBe('second answer');
    expect(chatRequests().map((request) => 'tools' in (request.body as object))).toEqual([
      true,
      false,
      false,
    ]);
  });
});
