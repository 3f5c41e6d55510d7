import type { ChatModel } from '../../ports/chat-model.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import { createGptTokenizerCounter } from '../tokens/gpt-tokenizer-counter.js';
import { completeChat } from './complete-chat.js';
import { completeJson } from './complete-json.js';
import type { ChatCallDeps } from './llm-call-deps.js';
import { classifyLlmError } from './classify-llm-error.js';
import { describeFailure } from './llm-failure.js';
import { ParleyError } from '../../errors/parley-error.js';
import {
  createOpenAiClient,
  createResilience,
  createTransport,
  keyGuard,
  type OpenAiEndpoint,
  type OpenAiModelOptions,
} from './openai-endpoint.js';
import { streamChat } from './stream-chat.js';

/** Options of the chat model: the shared ones plus the counter used when a provider reports no usage. */
export interface OpenAiChatModelOptions extends OpenAiModelOptions {
  tokenCounter?: TokenCounter;
}

/**
 * The default chat adapter (R5.2): any OpenAI-compatible endpoint (`LLM_BASE_URL`, OpenRouter by
 * default) speaking the `openai` SDK's types, with tool calls, retries, fallbacks, breakers and timeouts.
 * Requests go over `node:http(s)` (`httpTransport`, measured cheaper) unless a `fetch` is given;
 * listing models (`ping`) always goes through the SDK.
 *
 * @example
 * const llm = createOpenAiChatModel({ config: loadConfig().llm, logger });
 * for await (const event of llm.stream({ messages: [{ role: 'user', content: 'Hi' }] })) …
 */
export function createOpenAiChatModel(options: OpenAiChatModelOptions): ChatModel {
  const { config, metrics } = options;
  const endpoint: OpenAiEndpoint = {
    baseUrl: config.baseUrl,
    baseUrlSet: config.baseUrlSet,
    apiKey: config.apiKey,
    keyNames: ['LLM_API_KEY', 'OPENROUTER_API_KEY'],
  };
  const requireKey = keyGuard(endpoint);
  const client = createOpenAiClient(endpoint, options);
  const deps: ChatCallDeps = {
    requireKey,
    transport: createTransport(endpoint, options, client),
    config,
    resilience: createResilience(options),
    tokenCounter: options.tokenCounter ?? createGptTokenizerCounter(),
    toolLessModels: new Set(),
    usageReporting: new Set(),
  };
  const { now } = deps.resilience;

  return {
    // The generator itself, not one delegating to it: a layer less for every delta.
    stream: (request) => streamChat(deps, request),
    completeJson: async (request) => {
      requireKey();
      return completeJson((chat) => completeChat(deps, chat), request);
    },
    ping: async () => {
      requireKey();
      const started = now();
      try {
        await client.models.list({ timeout: config.connectTimeoutMs });
        metrics?.onAttempt?.({
          operation: 'ping',
          model: config.model,
          outcome: 'ok',
          latencyMs: now() - started,
        });
      } catch (error) {
        const failure = classifyLlmError(error, now());
        metrics?.onAttempt?.({
          operation: 'ping',
          model: config.model,
          outcome: failure.kind,
          latencyMs: now() - started,
        });
        throw new ParleyError(
          'LLM_UNAVAILABLE',
          `The language model endpoint did not answer (${describeFailure(failure)}).`,
          { reason: failure.kind, status: failure.status },
        );
      }
    },
  };
}
