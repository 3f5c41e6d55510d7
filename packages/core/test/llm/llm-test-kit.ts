import { Writable } from 'node:stream';
import pino from 'pino';
import type { ParleyConfig } from '../../src/config/parley-config.js';
import { createOpenAiChatModel } from '../../src/adapters/llm/openai-chat-model.js';
import { createOpenAiEmbeddingModel } from '../../src/adapters/llm/openai-embedding-model.js';
import type { OpenAiModelOptions } from '../../src/adapters/llm/openai-endpoint.js';
import type { RetryPolicy } from '../../src/adapters/llm/retry-policy.js';
import type { LlmMetricsListener } from '../../src/ports/llm-metrics-listener.js';
import type { StreamEvent } from '../../src/ports/chat-model.js';

export const API_KEY = 'sk-or-v1-SECRET-test-key-0123456789abcdef';
export const ORIGIN = 'https://llm.test';
export const BASE_URL = `${ORIGIN}/api/v1`;

/**
 * A complete `llm` config pointing at the nock origin; override what a test is about. The embedding
 * endpoint follows the chat endpoint's overrides unless `embedding` itself is given.
 */
export function llmConfig(overrides: Partial<ParleyConfig['llm']> = {}): ParleyConfig['llm'] {
  const endpoint = { apiKey: API_KEY, baseUrl: BASE_URL, baseUrlSet: true, ...overrides };
  return {
    embedding: {
      apiKey: endpoint.apiKey,
      baseUrl: endpoint.baseUrl,
      baseUrlSet: endpoint.baseUrlSet,
      fallbackModels: [],
    },
    tools: 'auto',
    mode: 'auto',
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    baseUrlSet: true,
    model: 'primary/model',
    fallbackModels: [],
    summaryModel: 'primary/model',
    embeddingModel: 'embed/model',
    contextTokens: 16_000,
    outputReserveTokens: 1_024,
    retryBudgetMs: 10_000,
    connectTimeoutMs: 5_000,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    totalTimeoutMs: 15_000,
    breakerThreshold: 5,
    breakerCooldownMs: 30_000,
    appUrl: 'https://parley.example',
    appTitle: 'Parley Test',
    ...overrides,
  };
}

/**
 * The chat and embedding models for one config, whose logs land in `logs` and whose retry waits are
 * recorded in `sleeps`, not slept.
 */
export function testModels(
  overrides: Partial<ParleyConfig['llm']> = {},
  metrics?: LlmMetricsListener,
  retry?: Partial<RetryPolicy>,
  fetch?: typeof globalThis.fetch,
) {
  const logs: string[] = [];
  const sleeps: number[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  const options: OpenAiModelOptions = {
    config: llmConfig(overrides),
    logger,
    metrics,
    retry,
    random: () => 0.5,
    ...(fetch ? { fetch } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return {
    chat: createOpenAiChatModel(options),
    embeddings: createOpenAiEmbeddingModel(options),
    logs,
    sleeps,
  };
}

/** An OpenAI SSE body: a role chunk, one chunk per piece, a finish chunk, a usage chunk, [DONE]. */
export function sseBody(
  model: string,
  pieces: string[],
  usage = { prompt_tokens: 11, completion_tokens: 7 },
): string {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices, ...extra })}\n\n`;
  const delta = (content: Record<string, unknown>, finish: string | null = null) =>
    chunk([{ index: 0, delta: content, finish_reason: finish }]);
  return [
    delta({ role: 'assistant', content: '' }),
    ...pieces.map((piece) => delta({ content: piece })),
    delta({}, 'stop'),
    chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }),
    'data: [DONE]\n\n',
  ].join('');
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream' };

/** A non-streaming chat completion body answering `content`. */
export function completionBody(model: string, content: string) {
  return {
    id: 'c1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
  };
}

/** Drains a stream into its events, or the error that ended it (with the events before it). */
export async function collect(
  stream: AsyncIterable<StreamEvent>,
): Promise<{ events: StreamEvent[]; text: string; error?: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, text: textOf(events), error };
  }
  return { events, text: textOf(events) };
}

const textOf = (events: StreamEvent[]) =>
  events.map((event) => (event.type === 'delta' ? event.text : '')).join('');

export const userSays = (content: string) => [{ role: 'user' as const, content }];
