import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startLlmStub, type LlmStub } from '../src/index.js';

let stub: LlmStub;
beforeEach(async () => {
  stub = await startLlmStub();
});
afterEach(async () => {
  await stub.close();
});

const chat = (body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(`${stub.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hello stub' }], ...body }),
    signal,
  });

interface Completion {
  choices: Array<{ message: { content: string } }>;
  usage: { total_tokens: number };
}
const completion = async (response: Response) => (await response.json()) as Completion;
const contentOf = async (response: Response) => (await completion(response)).choices[0]?.message.content;

/** The `data:` payloads of an SSE body, in order. */
async function sseEvents(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length));
}

describe('llm stub', () => {
  it('streams OpenAI chunks with a final usage chunk and [DONE]', async () => {
    stub.script({ text: 'abcdefgh', chunkSize: 3 });
    const response = await chat({ stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = await sseEvents(response);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'm1')).toBe(
      true,
    );
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('abcdefgh');
    expect(chunks.slice(1, 4).map((chunk) => chunk.choices[0].delta.content)).toEqual(['abc', 'def', 'gh']);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 2 } });
  });

  it('answers non-streaming with the echo default and records the request', async () => {
    const body = await completion(await chat({}));
    expect(body.choices[0]?.message.content).toContain('hello stub');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'm1' },
    });
  });

  it('keeps only the latest requests: 1,000 by default, the number given, none for false; counts them all', async () => {
    const models = (target: LlmStub) =>
      fetch(`${target.url}/models`).then((response) => response.arrayBuffer());
    const capped = await startLlmStub({ record: 2 });
    const silent = await startLlmStub({ record: false });
    try {
      for (const path of ['a', 'b', 'c']) {
        await fetch(`${capped.url}/${path}`).then((response) => response.arrayBuffer());
        await models(silent);
      }
      expect(capped.requests.map((r) => r.path)).toEqual(['/v1/b', '/v1/c']);
      expect(silent.requests).toEqual([]);
      expect(capped.counts).toEqual({ 'GET /v1/a': 1, 'GET /v1/b': 1, 'GET /v1/c': 1 });
      expect(silent.counts).toEqual({ 'GET /v1/models': 3 });
      await Promise.all(Array.from({ length: 1_005 }, () => models(stub)));
      expect(stub.requests).toHaveLength(1_000);
    } finally {
      await Promise.all([capped.close(), silent.close()]);
    }
  });

  it('answers json_object requests with JSON by default', async () => {
    const content = await contentOf(await chat({ response_format: { type: 'json_object' } }));
    expect(JSON.parse(content ?? '')).toEqual({ echo: 'hello stub' });
  });

  it('plays scripted replies in order, then the default, and accepts functions of the request', async () => {
    stub.script(['first', (request) => `model was ${request.model}`]);
    const texts = [];
    for (let i = 0; i < 3; i += 1) texts.push(await contentOf(await chat({})));
    expect(texts[0]).toBe('first');
    expect(texts[1]).toBe('model was m1');
    expect(texts[2]).toContain('hello stub');
  });

  it('fails on demand: 429 with Retry-After, 500, malformed body', async () => {
    stub.script([{ status: 429, retryAfter: 2 }, { status: 500 }, { malformed: true }]);
    const limited = await chat({});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.text()).toContain('Stub error 429');
    expect((await chat({})).status).toBe(500);
    const malformed = await chat({});
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
  });

  it('streams scripted tool calls in the OpenAI wire format, after the text', async () => {
    stub.script({
      text: 'Let me look.',
      chunkCount: 1,
      toolCalls: [
        { id: 'call_a', name: 'search', arguments: { query: 'rust jobs' } },
        { name: 'lookup', arguments: '{"id":7}' },
      ],
      argumentChunks: 2,
    });
    const tools = [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }];
    const response = await chat({ stream: true, tools });
    const chunks = (await sseEvents(response)).slice(0, -1).map((event) => JSON.parse(event));
    const deltas = chunks.map((chunk) => chunk.choices[0].delta);
    expect(deltas[1]).toEqual({ content: 'Let me look.' });
    expect(deltas.slice(2, -1)).toEqual([
      {
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'search', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"query":"r' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'ust jobs"}' } }] },
      {
        tool_calls: [
          { index: 1, id: 'call_1_1', type: 'function', function: { name: 'lookup', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 1, function: { arguments: '{"id' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '":7}' } }] },
    ]);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
    expect(stub.requests[0]?.body).toMatchObject({ tools });
  });

  it('answers tool calls without streaming, with no text', async () => {
    stub.script({ toolCalls: [{ id: 'call_x', name: 'search', arguments: { query: 'go' } }] });
    const body = (await (await chat({})).json()) as {
      choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
    };
    expect(body.choices[0]).toMatchObject({
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_x', type: 'function', function: { name: 'search', arguments: '{"query":"go"}' } },
        ],
      },
      finish_reason: 'tool_calls',
    });
  });

  it('sends a scripted error message, and refuses tools for tool-less models like Ollama', async () => {
    await stub.close();
    stub = await startLlmStub({ toolLessModels: ['m1'] });
    stub.script([{ status: 400, errorMessage: 'No endpoints found that support tool use.' }, 'plain']);
    const refused = await chat({ model: 'm2' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { message: 'No endpoints found that support tool use.' },
    });
    const tools = [{ type: 'function', function: { name: 'search', parameters: {} } }];
    const toolLess = await chat({ tools });
    expect(toolLess.status).toBe(400);
    expect(await toolLess.json()).toMatchObject({ error: { message: 'm1 does not support tools' } });
    expect(await contentOf(await chat({}))).toBe('plain');
  });

  it('drops the connection mid-stream after N chunks', async () => {
    stub.script({ text: 'one two three four', dropAfterChunks: 2 });
    const response = await chat({ stream: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += decoder.decode(value);
        }
      })(),
    ).rejects.toThrow();
    expect(received).toContain('"content":"two "');
    expect(received).not.toContain('three');
    expect(received).not.toContain('[DONE]');
  });

  it('hangs until the client gives up', async () => {
    stub.script({ hang: true });
    const controller = new AbortController();
    const pending = chat({}, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('delays the first token and each chunk', async () => {
    stub.script({ text: 'a b', firstTokenDelayMs: 60, chunkDelayMs: 40 });
    const started = Date.now();
    await (await chat({ stream: true })).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('delays each embeddings request by embeddingDelayMs, as a provider would', async () => {
    const slow = await startLlmStub({ embeddingDelayMs: 60 });
    try {
      const started = Date.now();
      const response = await fetch(`${slow.url}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'e', input: ['a'] }),
      });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await slow.close();
    }
  });

  it('serves deterministic unit embeddings and the model list', async () => {
    const embed = async (input: string[]) =>
      (
        (await (
          await fetch(`${stub.url}/embeddings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'e', input }),
          })
        ).json()) as { data: Array<{ embedding: number[] }> }
      ).data.map((row) => row.embedding);
    const [a = [], b, c = []] = await embed([
      'remote rust developer',
      'rust developer remote',
      'pastry chef',
    ]);
    expect(a).toHaveLength(64);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    expect(a).toEqual(b);
    const dot = (x: number[], y: number[]) => x.reduce((sum, value, i) => sum + value * (y[i] ?? 0), 0);
    expect(dot(a, c)).toBeLessThan(0.9);
    expect(await embed(['remote rust developer'])).toEqual([a]);
    const models = (await (await fetch(`${stub.url}/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((model) => model.id)).toEqual(['stub-model']);
  });
});

describe('parley-llm-stub CLI', () => {
  it('prints its URL for --port 0 and serves the --reply text with the delays given', async () => {
    const output: string[] = [];
    const cliStub = await runCli(['--port', '0', '--reply', 'from the cli', '--chunk-delay', '1'], (text) =>
      output.push(text),
    );
    try {
      expect(output.join('')).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/v1\n$/);
      const response = await fetch(`${cliStub!.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(await contentOf(response)).toBe('from the cli');
    } finally {
      await cliStub?.close();
    }
  });

  it('rejects a bad number naming the flag', async () => {
    await expect(runCli(['--chunk-delay', 'soon'], () => undefined)).rejects.toThrow('--chunk-delay');
  });
});
