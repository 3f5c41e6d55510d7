import type OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';

/**
 * Sends one streamed chat completion and resolves once the response has started, with its chunks.
 * Rejects like the `openai` SDK does (`APIError` by status, `APIConnectionError`,
 * `APIConnectionTimeoutError` past `timeoutMs` without response headers, `APIUserAbortError`), so
 * one classifier reads every failure.
 */
export type ChatStreamOpener = (
  body: ChatCompletionCreateParamsStreaming,
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<AsyncIterator<ChatCompletionChunk>>;

/** Streams through the SDK client (and so through its `fetch`): used when a custom `fetch` is given. */
export function sdkStreamOpener(client: OpenAI): ChatStreamOpener {
  return async (body, { signal, timeoutMs }) => {
    const stream = await client.chat.completions.create(body, { signal, timeout: timeoutMs });
    return stream[Symbol.asyncIterator]();
  };
}
