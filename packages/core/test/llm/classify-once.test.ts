import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { classifyLlmError } from '../../src/adapters/llm/classify-llm-error.js';
import type * as Classify from '../../src/adapters/llm/classify-llm-error.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import { collect, ORIGIN, SSE_HEADERS, sseBody, testModels, userSays } from './llm-test-kit.js';

// Every adapter module imports the same spied classifier, so the count covers the whole call path.
vi.mock('../../src/adapters/llm/classify-llm-error.js', async (importOriginal) => {
  const original = await importOriginal<typeof Classify>();
  return { ...original, classifyLlmError: vi.fn(original.classifyLlmError) };
});

const CHAT = '/api/v1/chat/completions';
const forModel = (model: string) => (body: { model?: string }) => body.model === model;
const classified = vi.mocked(classifyLlmError);

beforeAll(() => {
  nock.disableNetConnect();
});
beforeEach(() => {
  classified.mockClear();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('LLM failures are classified once, where they happen', () => {
  it('three 500s then a fallback: three classifications, read by retries, breaker, metrics and logs', async () => {
    nock(ORIGIN).post(CHAT, forModel('primary/model')).times(3).reply(500, {});
    nock(ORIGIN)
      .post(CHAT, forModel('backup/model'))
      .reply(200, sseBody('backup/model', ['ok']), SSE_HEADERS);
    const outcomes: string[] = [];
    const { chat } = testModels(
      { fallbackModels: ['backup/model'] },
      { onAttempt: (event) => outcomes.push(event.outcome) },
    );
    const { text } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('ok');
    expect(outcomes).toEqual(['server', 'server', 'server', 'ok']);
    expect(classified).toHaveBeenCalledTimes(3);
  });

  it('a refused key, a JSON completion failure and an open breaker: one classification each', async () => {
    nock(ORIGIN).post(CHAT).reply(401, {});
    const refused = testModels();
    const { error } = await collect(refused.chat.stream({ messages: userSays('hi') }));
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect(classified).toHaveBeenCalledTimes(1);

    classified.mockClear();
    nock(ORIGIN).post(CHAT).reply(400, {});
    const json = testModels();
    await expect(
      json.chat.completeJson({ messages: userSays('x'), schema: z.object({}), name: 'x' }),
    ).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(classified).toHaveBeenCalledTimes(1);

    classified.mockClear();
    nock(ORIGIN).post(CHAT).reply(503, {});
    const breaking = testModels({ breakerThreshold: 1 }, undefined, { maxAttempts: 1 });
    await collect(breaking.chat.stream({ messages: userSays('1') }));
    await collect(breaking.chat.stream({ messages: userSays('2') }));
    expect(classified).toHaveBeenCalledTimes(2);
  });

  it('a stream that fails after its first text: one classification', async () => {
    const chunk = JSON.stringify({
      choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }],
    });
    nock(ORIGIN).post(CHAT).reply(200, `data: ${chunk}\n\ndata: {not json}\n\n`, SSE_HEADERS);
    const { chat } = testModels();
    const { text, error } = await collect(chat.stream({ messages: userSays('hi') }));
    expect(text).toBe('partial');
    expect(ParleyError.is(error, 'LLM_UNAVAILABLE')).toBe(true);
    expect(classified).toHaveBeenCalledTimes(1);
  });
});
