import type { EmbeddingModel } from '../../ports/embedding-model.js';
import { embedTexts } from './embed-texts.js';
import type { LlmCallDeps } from './llm-call-deps.js';
import {
  createResilience,
  createTransport,
  keyGuard,
  type OpenAiEndpoint,
  type OpenAiModelOptions,
} from './openai-endpoint.js';

/**
 * The default embedding adapter (R5.1, R6.1): `LLM_EMBEDDING_MODEL` then `LLM_EMBEDDING_FALLBACK_MODELS`
 * on `LLM_EMBEDDING_BASE_URL` (default: the chat endpoint), with its own retries and breakers.
 *
 * @example
 * const embeddings = createOpenAiEmbeddingModel({ config: loadConfig().llm, logger });
 * const [vector] = await embeddings.embed(['senior backend engineer']);
 */
export function createOpenAiEmbeddingModel(options: OpenAiModelOptions): EmbeddingModel {
  const { config } = options;
  const endpoint: OpenAiEndpoint = {
    ...config.embedding,
    keyNames: ['LLM_EMBEDDING_API_KEY', 'LLM_API_KEY', 'OPENROUTER_API_KEY'],
  };
  const requireKey = keyGuard(endpoint);
  const deps: LlmCallDeps = {
    transport: createTransport(endpoint, options),
    config,
    resilience: createResilience(options),
  };
  return {
    embed: async (texts, embedOptions) => {
      requireKey();
      return texts.length === 0 ? [] : embedTexts(deps, texts, embedOptions?.signal);
    },
  };
}
