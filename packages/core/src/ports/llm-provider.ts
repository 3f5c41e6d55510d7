import type { z } from 'zod';

/** A message in the shape every OpenAI-compatible endpoint accepts. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface StreamRequest {
  messages: ChatMessage[];
  /** Overrides the configured primary model (its fallbacks still apply). */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  /** Aborts the request and the stream (client left, Ctrl+C). */
  signal?: AbortSignal;
}

/** What a stream yields: text as it arrives, then exactly one `done` with the answering model and usage. */
export type StreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'done'; model: string; usage: LlmUsage; finishReason: string | null };

export interface JsonRequest<T> extends Omit<StreamRequest, 'maxTokens'> {
  /** Validates the model's JSON; one repair round-trip on failure, then `LLM_BAD_OUTPUT`. */
  schema: z.ZodType<T>;
  /** Short name of the object, used in the instruction and in errors. */
  name: string;
}

/**
 * The LLM gateway port (R5.1). Adapters own retries, fallbacks, breakers and timeouts and report
 * every failure as a ParleyError (`LLM_UNAVAILABLE`, `LLM_TIMEOUT`, `LLM_BAD_OUTPUT`).
 */
export interface LlmProvider {
  /** Streams one chat completion; no retry happens once a delta has been yielded. */
  stream(request: StreamRequest): AsyncIterable<StreamEvent>;
  /** One completion parsed and validated as JSON. */
  completeJson<T>(request: JsonRequest<T>): Promise<{ value: T; model: string; usage: LlmUsage }>;
  /** One vector per input text, in order. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /** Tokens `text` costs for the configured model. */
  countTokens(text: string): number;
  /** Resolves when the endpoint answers (readiness); rejects with a ParleyError otherwise. */
  ping(): Promise<void>;
}
