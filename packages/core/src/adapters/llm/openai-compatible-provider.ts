import OpenAI from 'openai';
import type { Logger } from 'pino';
import type { ParleyConfig } from '../../config/parley-config.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { EmbeddingModel } from '../../ports/embedding-model.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import { createTiktokenCounter } from '../tokens/tiktoken-counter.js';
import { completeChat } from './complete-chat.js';
import { completeJson } from './complete-json.js';
import { embedTexts } from './embed-texts.js';
import type { LlmCallDeps } from './llm-call-deps.js';
import { classifyLlmError, describeFailure } from './llm-failure.js';
import type { LlmMetricsListener } from '../../ports/llm-metrics-listener.js';
import { createModelBreakers } from './model-breakers.js';
import { DEFAULT_RETRY_POLICY, realSleep, type RetryPolicy, type Sleep } from './retry-policy.js';
import { streamChat } from './stream-chat.js';

export interface OpenAiCompatibleProviderOptions {
  config: ParleyConfig['llm'];
  logger: Logger;
  tokenCounter?: TokenCounter;
  /** Replaces global fetch (proxies, tests). */
  fetch?: typeof fetch;
  metrics?: LlmMetricsListener;
  /** Attempts per model and backoff; defaults to 3 attempts from 250 ms. */
  retry?: Partial<RetryPolicy>;
  /** Injected waits and clock, so retry tests neither sleep nor race the wall clock. */
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
}

/**
 * The default LLM adapter (R5.2): any OpenAI-compatible endpoint through the `openai` SDK, OpenRouter
 * by default. The SDK's own retries are off; this adapter retries, fails over and breaks circuits.
 *
 * @example
 * const llm = createOpenAiCompatibleProvider({ config: loadConfig().llm, logger });
 * for await (const event of llm.stream({ messages: [{ role: 'user', content: 'Hi' }] })) …
 */
export function createOpenAiCompatibleProvider(
  options: OpenAiCompatibleProviderOptions,
): ChatModel & EmbeddingModel {
  const { config, logger } = options;
  // A keyless local endpoint (Ollama, the stub) is fine; the default OpenRouter URL needs a key.
  const missingKey = config.apiKey === null && !config.baseUrlSet;
  const client = new OpenAI({
    apiKey: config.apiKey ?? 'no-key',
    baseURL: config.baseUrl,
    maxRetries: 0,
    timeout: config.connectTimeoutMs,
    logLevel: 'off',
    defaultHeaders: {
      ...(config.apiKey === null ? { Authorization: null } : {}),
      ...(config.appUrl ? { 'HTTP-Referer': config.appUrl } : {}),
      'X-Title': config.appTitle,
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const deps: LlmCallDeps = {
    client,
    config,
    tokenCounter: options.tokenCounter ?? createTiktokenCounter(),
    resilience: {
      logger,
      breakers: createModelBreakers({
        threshold: config.breakerThreshold,
        cooldownMs: config.breakerCooldownMs,
        logger,
        metrics: options.metrics,
      }),
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      retryBudgetMs: config.retryBudgetMs,
      sleep: options.sleep ?? realSleep,
      now: options.now ?? Date.now,
      random: options.random,
      metrics: options.metrics,
    },
  };
  const requireKey = () => {
    if (missingKey) {
      throw new ParleyError(
        'LLM_NOT_CONFIGURED',
        'No LLM API key is set: set LLM_API_KEY (or OPENROUTER_API_KEY).',
        {
          key: 'LLM_API_KEY',
        },
      );
    }
  };

  return {
    async *stream(request) {
      requireKey();
      yield* streamChat(deps, request);
    },
    completeJson: async (request) => {
      requireKey();
      return completeJson((chat) => completeChat(deps, chat), request);
    },
    embed: async (texts, embedOptions) => {
      requireKey();
      return texts.length === 0 ? [] : embedTexts(deps, texts, embedOptions?.signal);
    },
    ping: async () => {
      requireKey();
      const started = deps.resilience.now();
      try {
        await client.models.list({ timeout: config.connectTimeoutMs });
        options.metrics?.onAttempt?.({
          operation: 'ping',
          model: config.model,
          outcome: 'ok',
          latencyMs: deps.resilience.now() - started,
        });
      } catch (error) {
        const failure = classifyLlmError(error);
        options.metrics?.onAttempt?.({
          operation: 'ping',
          model: config.model,
          outcome: failure.kind,
          latencyMs: deps.resilience.now() - started,
        });
        throw new ParleyError(
          'LLM_UNAVAILABLE',
          `The language model endpoint did not answer (${describeFailure(failure)}).`,
          {
            reason: failure.kind,
            status: failure.status,
          },
        );
      }
    },
  };
}
