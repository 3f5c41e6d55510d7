import type { z } from 'zod';

/** A function call the model asked for, assembled from the streamed `tool_calls` deltas. */
export interface ToolCall {
  /** The provider's call id; the tool's result message names it in `toolCallId`. */
  id: string;
  name: string;
  /** The arguments exactly as the model wrote them (JSON text, possibly invalid). */
  arguments: string;
}

/** A message in the shape every OpenAI-compatible endpoint accepts. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Assistant messages only: the calls the model made in that message. */
  toolCalls?: ToolCall[];
  /** Tool messages only: which call this is the result of. */
  toolCallId?: string;
}

/** A tool as the model sees it: name, what it is for and its arguments as JSON Schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
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
  /** Functions the model may call; the adapter drops them for a model that refuses tools. */
  tools?: ToolDefinition[];
  /** Aborts the request and the stream (client left, Ctrl+C). */
  signal?: AbortSignal;
}

/**
 * What a stream yields: text as it arrives, then exactly one `done` with the answering model, usage
 * and the tool calls the model made (empty when it only answered with text).
 */
export type StreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      model: string;
      usage: LlmUsage;
      finishReason: string | null;
      toolCalls: ToolCall[];
    };

export interface JsonRequest<T> extends Omit<StreamRequest, 'maxTokens' | 'tools'> {
  /** Validates the model's JSON; one repair round-trip on failure, then `LLM_BAD_OUTPUT`. */
  schema: z.ZodType<T>;
  /** Short name of the object, used in the instruction and in errors. */
  name: string;
}

/**
 * The chat port (R5.1): what a custom model implements. Adapters own retries, fallbacks, breakers
 * and timeouts and report every failure as a ParleyError (`LLM_UNAVAILABLE`, `LLM_TIMEOUT`,
 * `LLM_BAD_OUTPUT`, `LLM_NOT_CONFIGURED`).
 */
export interface ChatModel {
  /** Streams one chat completion; no retry happens once a delta has been yielded. */
  stream(request: StreamRequest): AsyncIterable<StreamEvent>;
  /** One completion parsed and validated as JSON. */
  completeJson<T>(request: JsonRequest<T>): Promise<{ value: T; model: string; usage: LlmUsage }>;
  /** Resolves when the endpoint answers (readiness); rejects with a ParleyError otherwise. */
  ping(): Promise<void>;
}
