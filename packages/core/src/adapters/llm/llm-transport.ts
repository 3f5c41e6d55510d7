import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';

/** What one request is given: the caller's abort, and how long to wait for the response to start. */
export interface RequestLimits {
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * How the OpenAI-compatible adapters reach their endpoint: one request per call, no retries (the
 * adapters retry, fail over and break circuits). Every method rejects like the `openai` SDK does
 * (`APIError` by status, `APIConnectionError`, `APIConnectionTimeoutError` past `timeoutMs`
 * without response headers, `APIUserAbortError`; a body that is not JSON a `SyntaxError`), so one
 * classifier reads every failure whichever transport sent the request.
 */
export interface LlmTransport {
  /** Sends one streamed chat completion; resolves once the response has started, with its chunks. */
  stream(
    body: ChatCompletionCreateParamsStreaming,
    limits: RequestLimits,
  ): Promise<AsyncIterator<ChatCompletionChunk>>;
  /** One chat completion, whole (JSON output, titles, summaries). */
  complete(body: ChatCompletionCreateParamsNonStreaming, limits: RequestLimits): Promise<ChatCompletion>;
  /** One embeddings request. */
  embed(body: EmbeddingCreateParams, limits: RequestLimits): Promise<CreateEmbeddingResponse>;
}

/** Everything through the SDK client, and so through its `fetch`: used when a custom `fetch` is given. */
export function sdkTransport(client: OpenAI): LlmTransport {
  return {
    async stream(body, { signal, timeoutMs }) {
      const stream = await client.chat.completions.create(body, { signal, timeout: timeoutMs });
      return stream[Symbol.asyncIterator]();
    },
    complete: (body, { signal, timeoutMs }) =>
      client.chat.completions.create(body, { signal, timeout: timeoutMs }),
    embed: (body, { signal, timeoutMs }) => client.embeddings.create(body, { signal, timeout: timeoutMs }),
  };
}
