import { Readable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { BreakerState } from '../../src/ports/llm-metrics-listener.js';
import { createTiktokenCounter } from '../../src/adapters/tokens/tiktoken-counter.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import {
  API_KEY,
  BASE_URL,
  collect,
  completionBody,
  ORIGIN,
  SSE_HEADERS,
  sseBody,
  testModels,
  userSays,
} from './llm-test-kit.js';

const CHAT = '/api/v1/chat/completions';
const forModel = (model: string) => (body: { model?: string }) => body.model === model;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('OpenAI-compatible models: streaming', () => {
  it('parses SSE into deltas and a done event with the reported usage, sending the OpenRouter headers', async () => {
    let headers: Record<string, string | string[]> = {};
    let sent: Record<string, unknown> = {};
    const scope = nock(ORIGIN)
      .post(CHAT, (body) => {
        sent = body;
        return true;
      })
      .reply(function () {
        headers = this.req.headers;
        return [200, sseBody('primary/model', ['Hel', 'lo', ' there']), SSE_HEADERS];
      });
    const { chat } = testModels();
    const { events, text, error } = await collect(
      chat.stream({ messages: userSays('hi'), temperature: 0.2 }),
    );
    expect(error).toBeUndefined();
    expect(text).toBe('Hello there');
    expect(events.filter((event) => event.type === 'delta')).toHaveLength(3);
    expect(events.at(-1)).toEqual({
      type: 'done',
      model: 'primary/model',
      usage: { promptTokens: 11, completionTokens: 7 },
      finishReason: 'stop',
      toolCalls: [],
    });
    expect(sent).not.toHaveProperty('tools');
    expect(sent).toMatchObject({
      model: 'primary/model',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(headers['http-referer']).toBe('https://parley.example');
    expect(headers['x-title']).toBe('Parley Test');
    expect(scope.isDone()).toBe(true);
  });

  it('reads events whose lines a body splits anywhere: mid-line, inside a character, between CR and LF', async () => {
    const pieces = ['Grüße ', 'from ', 'Zürich 🇨🇭', ', team', '!'];
    const body = Buffer.from(sseBody('primary/model', pieces).replaceAll('\n', '\r\n'));
    const cuts: Buffer[] = [];
    for (let at = 0; at < body.length; at += 7) cuts.push(body.subarray(at, at + 7));
    // Both halves of a CRLF, and of a multi-byte character, land in different pieces somewhere.
    expect(cuts.some((cut, index) => cut.at(-1) === 0x0d && cuts[index + 1]?.[0] === 0x0a)).toBe(true);
    expect(cuts.some((cut, index) => index > 0 && (cut[0]! & 0xc0) === 0x80)).toBe(true);
    // One piece per read: the next is pushed on a later turn of the event loop.
    const stream = new Readable({
      read() {
        const piece = cuts.shift() ?? null;
        setImmediate(() => stream.push(piece));
      },
    });
    nock(ORIGIN)
      .post(CHAT)
      .reply(200, () => stream, SSE_HEADERS);
    const { chat } = testModels();
    const { events, text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(error).toBeUndefined();
    expect(text).toBe(pieces.join(''));
    expect(events.filter((event) => event.type === 'delta')).toHaveLength(pieces.length);
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop' });
  });

  it('counts usage itself when the provider reports none; for a model that reported it, estimates once from characters (no text kept), then counts again', async () => {
    const withoutUsage = (pieces: string[]) =>
      sseBody('primary/model', pieces)
        .split('\n\n')
        .filter((part) => !part.includes('"usage"'))
        .join('\n\n');
    nock(ORIGIN)
      .post(CHAT)
      .reply(200, withoutUsage(['Hello', ' there']), SSE_HEADERS)
      .post(CHAT)
      .reply(200, sseBody('primary/model', ['Hi']), SSE_HEADERS)
      .post(CHAT)
      .reply(200, withoutUsage(['abcdefgh', 'ij']), SSE_HEADERS)
      .post(CHAT)
      .reply(200, withoutUsage(['Hello', ' there']), SSE_HEADERS);
    const { chat } = testModels();
    const tokens = createTiktokenCounter();
    const usage = async () => {
      const { events, error } = await collect(chat.stream({ messages: userSays('hi') }));
      expect(error).toBeUndefined();
      const done = events.at(-1);
      return done?.type === 'done' ? done.usage : undefined;
    };
    const counted = await usage();
    expect(counted?.completionTokens).toBe(tokens.count('Hello there'));
    expect(counted?.promptTokens).toBeGreaterThan(0);
    expect(await usage()).toEqual({ promptTokens: 11, completionTokens: 7 });
    // Known to report usage, so its text was not kept: 10 characters ÷ 4, rounded up.
    expect((await usage())?.completionTokens).toBe(3);
    expect((await usage())?.completionTokens).toBe(tokens.count('Hello there'));
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    nock(ORIGIN)
      .post(CHAT)
      .reply(429, { error: { message: 'slow down' } }, { 'retry-after': '1' })
      .post(CHAT)
      .reply(200, sseBody('primary/model', ['ok']), SSE_HEADERS);
    const { chat, sleeps, logs } = testModels();
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(error).toBeUndefined();
    expect(text).toBe('ok');
    expect(sleeps).toEqual([1000]);
    expect(logs.some((line) => line.includes('"msg":"llm retry"') && line.includes('"status":429'))).toBe(
      true,
    );
  });

  it('gives up on a Retry-After longer than the retry budget and moves to the fallback', async () => {
    nock(ORIGIN)
      .post(CHAT, forModel('primary/model'))
      .reply(429, {}, { 'retry-after': '60' })
      .post(CHAT, forModel('backup/model'))
      .reply(200, sseBody('backup/model', ['from backup']), SSE_HEADERS);
    const { chat, sleeps } = testModels({ fallbackModels: ['backup/model'], retryBudgetMs: 5_000 });
    const { text } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('from backup');
    expect(sleeps).toEqual([]);
  });

  it('falls back to the next model after three 500s, with exactly three attempts at the primary', async () => {
    const primary = nock(ORIGIN)
      .post(CHAT, forModel('primary/model'))
      .times(3)
      .reply(500, { error: { message: 'boom' } });
    const extra = nock(ORIGIN).post(CHAT, forModel('primary/model')).reply(500, {});
    const backup = nock(ORIGIN)
      .post(CHAT, forModel('backup/model'))
      .reply(200, sseBody('backup/model', ['saved']), SSE_HEADERS);
    const { chat, sleeps, logs } = testModels({ fallbackModels: ['backup/model'] });
    const { events, text } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('saved');
    expect(events.at(-1)).toMatchObject({ type: 'done', model: 'backup/model' });
    expect(primary.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
    expect(backup.isDone()).toBe(true);
    expect(sleeps).toEqual([188, 375]);
    expect(logs.some((line) => line.includes('llm fallback to next model'))).toBe(true);
  });

  it('never retries a 400 and reports LLM_UNAVAILABLE', async () => {
    const first = nock(ORIGIN)
      .post(CHAT)
      .reply(400, { error: { message: 'bad request', code: 'invalid_request' } });
    const second = nock(ORIGIN)
      .post(CHAT)
      .reply(200, sseBody('primary/model', ['no']), SSE_HEADERS);
    const { chat, sleeps } = testModels();
    const { error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect((error as ParleyError).details.attempts).toEqual([
      { model: 'primary/model', reason: 'client', status: 400, providerCode: 'invalid_request' },
    ]);
    expect(first.isDone()).toBe(true);
    expect(second.isDone()).toBe(false);
    expect(sleeps).toEqual([]);
  });

  it('does not try fallbacks when the key is refused (401)', async () => {
    nock(ORIGIN)
      .post(CHAT, forModel('primary/model'))
      .reply(401, { error: { message: 'no auth' } });
    const backup = nock(ORIGIN)
      .post(CHAT, forModel('backup/model'))
      .reply(200, sseBody('backup/model', ['x']), SSE_HEADERS);
    const { chat } = testModels({ fallbackModels: ['backup/model'] });
    const { error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('HTTP 401');
    expect(backup.isDone()).toBe(false);
  });
});

describe('OpenAI-compatible models: circuit breakers', () => {
  it('opens after the threshold and then fails fast without a request', async () => {
    const states: string[] = [];
    nock(ORIGIN).post(CHAT).times(3).reply(500, {});
    const { chat } = testModels(
      { breakerThreshold: 3 },
      { onBreakerState: ({ state }) => states.push(state) },
    );
    const first = await collect(chat.stream({ messages: userSays('hi') }));
    expect(ParleyError.is(first.error, 'LLM_UNAVAILABLE')).toBe(true);
    expect(states).toEqual(['open']);

    const untouched = nock(ORIGIN)
      .post(CHAT)
      .reply(200, sseBody('primary/model', ['x']), SSE_HEADERS);
    const second = await collect(chat.stream({ messages: userSays('again') }));
    expect(ParleyError.is(second.error, 'LLM_UNAVAILABLE')).toBe(true);
    expect((second.error as ParleyError).details.attempts).toEqual([
      { model: 'primary/model', reason: 'breaker_open', status: undefined, providerCode: undefined },
    ]);
    expect((second.error as Error).message).toContain('circuit open');
    expect(untouched.isDone()).toBe(false);
  });

  it('skips an open model and answers from the fallback', async () => {
    nock(ORIGIN).post(CHAT, forModel('primary/model')).times(2).reply(503, {});
    nock(ORIGIN)
      .post(CHAT, forModel('backup/model'))
      .times(2)
      .reply(200, sseBody('backup/model', ['b']), SSE_HEADERS);
    const { chat } = testModels({ breakerThreshold: 2, fallbackModels: ['backup/model'] });
    expect((await collect(chat.stream({ messages: userSays('1') }))).text).toBe('b');
    const primary = nock(ORIGIN)
      .post(CHAT, forModel('primary/model'))
      .reply(200, sseBody('primary/model', ['p']), SSE_HEADERS);
    expect((await collect(chat.stream({ messages: userSays('2') }))).text).toBe('b');
    expect(primary.isDone()).toBe(false);
  });

  it('lets one probe through after the cooldown (half-open) and closes on success', async () => {
    const states: BreakerState[] = [];
    nock(ORIGIN).post(CHAT).times(2).reply(500, {});
    const { chat } = testModels(
      { breakerThreshold: 2, breakerCooldownMs: 40 },
      { onBreakerState: ({ state }) => states.push(state) },
    );
    await collect(chat.stream({ messages: userSays('1') }));
    expect(states).toEqual(['open']);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const probe = nock(ORIGIN)
      .post(CHAT)
      .reply(200, sseBody('primary/model', ['back']), SSE_HEADERS);
    const { text } = await collect(chat.stream({ messages: userSays('2') }));
    expect(text).toBe('back');
    expect(probe.isDone()).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the half-open probe fails', async () => {
    const states: BreakerState[] = [];
    nock(ORIGIN).post(CHAT).times(3).reply(500, {});
    const { chat } = testModels(
      { breakerThreshold: 2, breakerCooldownMs: 40 },
      { onBreakerState: ({ state }) => states.push(state) },
    );
    await collect(chat.stream({ messages: userSays('1') }));
    await new Promise((resolve) => setTimeout(resolve, 80));
    const { error } = await collect(chat.stream({ messages: userSays('2') }));
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'open']);
  });
});

describe('OpenAI-compatible models: completeJson, embed, ping', () => {
  const Profile = z.object({ title: z.string(), years: z.number().int() });

  it('repairs an invalid reply once, sending the problem back', async () => {
    const bodies: Array<{ messages: Array<{ role: string; content: string }>; response_format?: unknown }> =
      [];
    nock(ORIGIN)
      .post(CHAT, (body) => bodies.push(body) > 0)
      .reply(200, completionBody('primary/model', '{"title": "Engineer", "years": "ten"}'))
      .post(CHAT, (body) => bodies.push(body) > 0)
      .reply(200, completionBody('primary/model', '```json\n{"title": "Engineer", "years": 10}\n```'));
    const { chat } = testModels();
    const result = await chat.completeJson({
      messages: userSays('profile'),
      schema: Profile,
      name: 'profile',
    });
    expect(result).toEqual({
      value: { title: 'Engineer', years: 10 },
      model: 'primary/model',
      usage: { promptTokens: 40, completionTokens: 10 },
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.response_format).toEqual({ type: 'json_object' });
    expect(bodies[0]?.messages[0]?.content).toContain('JSON');
    const repair = bodies[1]?.messages.at(-1)?.content ?? '';
    expect(repair).toContain('years');
    expect(bodies[1]?.messages.at(-2)).toEqual({
      role: 'assistant',
      content: '{"title": "Engineer", "years": "ten"}',
    });
  });

  it('fails with LLM_BAD_OUTPUT after one failed repair', async () => {
    const scope = nock(ORIGIN)
      .post(CHAT)
      .times(2)
      .reply(200, completionBody('primary/model', 'not json at all'));
    const extra = nock(ORIGIN).post(CHAT).reply(200, completionBody('primary/model', '{}'));
    const { chat } = testModels();
    const error = await chat
      .completeJson({ messages: userSays('profile'), schema: Profile, name: 'profile' })
      .catch((caught: unknown) => caught);
    expect(ParleyError.is(error, 'LLM_BAD_OUTPUT')).toBe(true);
    expect((error as ParleyError).details).toMatchObject({ name: 'profile', issues: ['not valid JSON'] });
    expect(scope.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
  });

  it('retries a garbled (non-JSON) HTTP body like a server error', async () => {
    nock(ORIGIN)
      .post(CHAT)
      .reply(200, '{"id": "c1", "choices": [', { 'content-type': 'application/json' })
      .post(CHAT)
      .reply(200, completionBody('primary/model', '{"title":"Chef","years":3}'));
    const { chat, sleeps } = testModels();
    const { value } = await chat.completeJson({
      messages: userSays('p'),
      schema: Profile,
      name: 'profile',
    });
    expect(value).toEqual({ title: 'Chef', years: 3 });
    expect(sleeps).toHaveLength(1);
  });

  it('embeds in input order and skips the request for no texts', async () => {
    const scope = nock(ORIGIN)
      .post('/api/v1/embeddings', { model: 'embed/model', input: ['a', 'b'], encoding_format: 'float' })
      .reply(200, {
        object: 'list',
        data: [
          { object: 'embedding', index: 1, embedding: [0, 1] },
          { object: 'embedding', index: 0, embedding: [1, 0] },
        ],
      });
    const { embeddings } = testModels();
    expect(await embeddings.embed([])).toEqual([]);
    expect(await embeddings.embed(['a', 'b'])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('rejects an embedding response with the wrong number of vectors', async () => {
    nock(ORIGIN)
      .post('/api/v1/embeddings')
      .times(3)
      .reply(200, { data: [{ index: 0, embedding: [1] }] });
    const { embeddings } = testModels();
    const error = await embeddings.embed(['a', 'b']).catch((caught: unknown) => caught);
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
  });

  it('pings the models endpoint', async () => {
    nock(ORIGIN).get('/api/v1/models').reply(200, { object: 'list', data: [] });
    nock(ORIGIN).get('/api/v1/models').reply(503, {});
    const { chat } = testModels();
    await expect(chat.ping()).resolves.toBeUndefined();
    const error = await chat.ping().catch((caught: unknown) => caught);
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('HTTP 503');
  });

  it('refuses with LLM_NOT_CONFIGURED when no key is set for the default endpoint', async () => {
    const { chat } = testModels({ apiKey: null, baseUrlSet: false });
    const { error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(ParleyError.is(error, 'LLM_NOT_CONFIGURED')).toBe(true);
    await expect(chat.ping()).rejects.toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
  });
});

describe('OpenAI-compatible models: secrets', () => {
  it('never puts the API key in a log line or an error, whatever the provider echoes back', async () => {
    const echo = { error: { message: `Invalid key ${API_KEY}`, code: API_KEY, type: API_KEY } };
    const lowerKey = 'sk-or-v1-0123456789abcdef0123456789abcdef';
    const { chat, logs } = testModels({ breakerThreshold: 100 });
    const stream = async () => (await collect(chat.stream({ messages: userSays('hi') }))).error;
    const json = () =>
      chat
        .completeJson({ messages: userSays('x'), schema: z.object({ a: z.string() }), name: 'a' })
        .catch((error: unknown) => error);
    const sse = `data: {"error": {"message": "${API_KEY}"}}\n\n`;
    const scenarios: Array<[setup: () => unknown, run: () => Promise<unknown>]> = [
      [() => nock(ORIGIN).post(CHAT).reply(401, echo, { 'x-echo': API_KEY }), stream],
      [() => nock(ORIGIN).post(CHAT).times(3).reply(500, echo, { 'retry-after': '0' }), stream],
      [
        () =>
          nock(ORIGIN)
            .post(CHAT)
            .reply(400, { error: { message: lowerKey, code: lowerKey } }),
        stream,
      ],
      [() => nock(ORIGIN).post(CHAT).times(3).reply(200, sse, SSE_HEADERS), stream],
      [
        () =>
          nock(ORIGIN)
            .post(CHAT)
            .times(2)
            .reply(200, completionBody('primary/model', `not json ${API_KEY}`)),
        json,
      ],
      [
        () => nock(ORIGIN).get('/api/v1/models').reply(500, echo),
        () => chat.ping().catch((error: unknown) => error),
      ],
    ];
    const errors: unknown[] = [];
    for (const [setup, run] of scenarios) {
      nock.cleanAll();
      setup();
      errors.push(await run());
    }
    expect(errors.map((error) => (error as ParleyError).code)).toEqual([
      'LLM_UNAVAILABLE',
      'LLM_UNAVAILABLE',
      'LLM_UNAVAILABLE',
      'LLM_UNAVAILABLE',
      'LLM_BAD_OUTPUT',
      'LLM_UNAVAILABLE',
    ]);
    expect(logs.length).toBeGreaterThan(0);
    const seen = [
      ...logs,
      ...errors.map((error) => {
        const parley = error as ParleyError;
        return `${parley.message} ${JSON.stringify(parley.details)} ${String(parley.cause)} ${parley.stack}`;
      }),
    ].join('\n');
    expect(seen).not.toContain(API_KEY);
    expect(seen).not.toContain('SECRET');
    expect(seen).not.toContain(lowerKey);
  });
});

describe('OpenAI-compatible embedding model on its own endpoint', () => {
  const EMBED_ORIGIN = 'https://embed.test';
  const vectors = (model: string) => ({
    object: 'list',
    model,
    data: [{ object: 'embedding', index: 0, embedding: [0.6, 0.8] }],
  });

  it('embeds at LLM_EMBEDDING_BASE_URL with its own key, and falls back to its own fallback models', async () => {
    let authorization: unknown;
    const primary = nock(EMBED_ORIGIN)
      .post('/v1/embeddings', (body) => body.model === 'embed/model')
      .times(3)
      .reply(503, {});
    const fallback = nock(EMBED_ORIGIN)
      .post('/v1/embeddings', (body) => body.model === 'embed/backup')
      .reply(function () {
        authorization = this.req.headers['authorization'];
        return [200, vectors('embed/backup')];
      });
    const chatEndpoint = nock(ORIGIN).post('/api/v1/embeddings').reply(200, vectors('wrong'));
    const { embeddings } = testModels({
      embedding: {
        baseUrl: `${EMBED_ORIGIN}/v1`,
        baseUrlSet: true,
        apiKey: 'sk-embed-key',
        fallbackModels: ['embed/backup'],
      },
    });
    expect(await embeddings.embed(['rust'])).toEqual([[0.6, 0.8]]);
    expect(primary.isDone()).toBe(true);
    expect(fallback.isDone()).toBe(true);
    expect(chatEndpoint.isDone()).toBe(false);
    expect(authorization).toBe('Bearer sk-embed-key');
  });

  it('keeps its breakers apart from the chat model: an open embedding breaker does not stop chat', async () => {
    nock(ORIGIN).post('/api/v1/embeddings').reply(503, {});
    nock(ORIGIN)
      .post(CHAT)
      .reply(200, sseBody('primary/model', ['chat works']), SSE_HEADERS);
    const { chat, embeddings } = testModels({ breakerThreshold: 1, model: 'embed/model' }, undefined, {
      maxAttempts: 1,
    });
    await expect(embeddings.embed(['a'])).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    await expect(embeddings.embed(['a'])).rejects.toMatchObject({
      details: { attempts: [{ model: 'embed/model', reason: 'breaker_open' }] },
    });
    const { text } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('chat works');
  });

  it('refuses with LLM_NOT_CONFIGURED naming LLM_EMBEDDING_API_KEY when the default endpoint has no key', async () => {
    const { embeddings } = testModels({
      embedding: { baseUrl: BASE_URL, baseUrlSet: false, apiKey: null, fallbackModels: [] },
    });
    await expect(embeddings.embed(['a'])).rejects.toMatchObject({
      code: 'LLM_NOT_CONFIGURED',
      details: { key: 'LLM_EMBEDDING_API_KEY' },
    });
  });
});
