/** `@parley/core/openai`: chat and embedding models for any OpenAI-compatible endpoint (OpenRouter, Ollama …). */
export { createOpenAiChatModel, type OpenAiChatModelOptions } from '../adapters/llm/openai-chat-model.js';
export { createOpenAiEmbeddingModel } from '../adapters/llm/openai-embedding-model.js';
export type { OpenAiModelOptions } from '../adapters/llm/openai-endpoint.js';
