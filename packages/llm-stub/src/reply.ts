/** The parts of an OpenAI chat-completions request body the stub reads; everything else is recorded as sent. */
export interface ChatRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type?: string };
  /** The functions offered to the model, in the OpenAI `tools` format. */
  tools?: unknown[];
  [key: string]: unknown;
}

/** A tool call the stub answers with; object `arguments` are sent as their JSON text. */
export interface StubToolCall {
  /** The call id (default `call_<answer>_<index>`: the answer's number in the stub, the call's index). */
  id?: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

/**
 * How the stub answers one chat completion. Everything is optional: the default is the echo text in
 * one chunk per word, as fast as possible.
 */
export interface ReplySpec {
  /** The assistant's text (default: an echo of the last user message, or none with `toolCalls`). */
  text?: string;
  /**
   * Functions the model calls, after the text if any: streamed in the OpenAI wire format (the first
   * delta of a call carries its index, id and name, the arguments follow over several deltas) with
   * finish_reason `tool_calls`; not streamed, as `message.tool_calls`.
   */
  toolCalls?: StubToolCall[];
  /** Split each call's arguments into this many deltas (streaming only; default 3). */
  argumentChunks?: number;
  /** Split the text into this many chunks (streaming only). */
  chunkCount?: number;
  /** Or into chunks of this many characters (streaming only). */
  chunkSize?: number;
  /** Pause between streamed chunks. */
  chunkDelayMs?: number;
  /**
   * Awaited before each streamed piece is written (its index from 0): a test paces the stream by
   * resolving it, instead of waiting for time to pass (streaming only).
   */
  beforeChunk?: (index: number) => Promise<void> | void;
  /** Pause before the response starts (streaming and not). */
  firstTokenDelayMs?: number;
  /** Answer with this HTTP error status and an OpenAI-style error body instead. */
  status?: number;
  /** The `error.message` sent with `status` (default `Stub error <status>`), e.g. a refusal of tools. */
  errorMessage?: string;
  /** `Retry-After` header sent with `status` (seconds, or an HTTP date string). */
  retryAfter?: number | string;
  /**
   * Stream `afterChunks` chunks, then wait until `until` settles before the rest (streaming only;
   * at least the number of chunks holds the end of a fully streamed answer): a test holds an answer
   * mid-stream for as long as it needs, without timing.
   */
  hold?: { afterChunks: number; until: Promise<unknown> };
  /** Destroy the connection after this many content or tool-call chunks (streaming only). */
  dropAfterChunks?: number;
  /** Send a body that is not valid JSON (or, streaming, one SSE event that is not). */
  malformed?: boolean;
  /** Accept the request and never answer (until the stub closes). */
  hang?: boolean;
  /** `finish_reason` of the last choice chunk (default `stop`, or `tool_calls` with `toolCalls`). */
  finishReason?: string;
  /** Usage reported to the client (default: about four characters per token). */
  usage?: { promptTokens: number; completionTokens: number };
}

/** One scripted reply: plain text, a spec, or a function of the request returning either. */
export type Reply = string | ReplySpec | ((request: ChatRequestBody) => string | ReplySpec);

/** A request the stub received, kept in arrival order for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Resolves a scripted reply against its request into a spec. */
export function resolveReply(reply: Reply, request: ChatRequestBody): ReplySpec {
  const value = typeof reply === 'function' ? reply(request) : reply;
  return typeof value === 'string' ? { text: value } : value;
}
