import { abortableSleep } from '../shared/abortable-sleep.js';
import { createGptTokenizerCounter } from '../adapters/tokens/gpt-tokenizer-counter.js';
import { ParleyError } from '../errors/parley-error.js';
import type {
  JsonRequest,
  ChatModel,
  LlmUsage,
  StreamEvent,
  StreamRequest,
  ToolCall,
} from '../ports/chat-model.js';
import type { EmbeddingModel } from '../ports/embedding-model.js';

/** A scripted tool call; object `arguments` become their JSON text, a string is kept as is. */
export interface ScriptedToolCall {
  /** Default `call_<n>`, numbered across the scripted LLM's calls. */
  id?: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

/** One scripted streamed answer: its text (or explicit chunks), tool calls, pacing and an optional failure. */
export interface ScriptedReplySpec {
  /** The answer's text (default none; a plain-string reply is its text). */
  text?: string;
  /** Calls returned in the `done` event, after the text (finish reason `tool_calls`). */
  toolCalls?: ScriptedToolCall[];
  /** Explicit deltas; default: the text split into words (spaces kept). */
  chunks?: string[];
  /** Wait before the first chunk. */
  delayMs?: number;
  /** Wait between chunks. */
  chunkDelayMs?: number;
  /** Thrown instead of answering, or after `errorAfterChunks` deltas. */
  error?: Error;
  errorAfterChunks?: number;
  model?: string;
  usage?: LlmUsage;
  finishReason?: string | null;
}

export type ScriptedReply =
  string | ScriptedReplySpec | ((request: StreamRequest) => string | ScriptedReplySpec);

/** A scripted JSON answer: a value (validated by the caller's schema), an Error to throw, or a function. */
export type ScriptedJson = unknown | ((request: JsonRequest<unknown>) => unknown);

export interface ScriptedLlmScript {
  /** Answers for `stream()`, consumed in order; then `reply` (default: an echo of the last user message). */
  replies?: ScriptedReply[];
  reply?: ScriptedReply;
  /** Answers for `completeJson()` keyed by request name; a list is consumed in order, its last entry then repeats. */
  json?: Record<string, ScriptedJson | ScriptedJson[]>;
  /** Model reported in `done` events and results (default `scripted-model`). */
  model?: string;
  /** Length of `embed()` vectors (default 8). */
  embeddingDimensions?: number;
}

/** One recorded call, in order. */
export type ScriptedLlmCall =
  | { method: 'stream'; request: StreamRequest }
  | { method: 'completeJson'; request: JsonRequest<unknown> }
  | { method: 'embed'; texts: string[] }
  | { method: 'ping' };

/** The scripted LLM: the port plus what tests inspect and add. */
export interface ScriptedLlm extends ChatModel, EmbeddingModel {
  readonly calls: ScriptedLlmCall[];
  /** Queues more `stream()` answers. */
  push(...replies: ScriptedReply[]): void;
  /** Queues more `completeJson()` answers for `name`. */
  pushJson(name: string, ...values: ScriptedJson[]): void;
}

const lastUser = (request: StreamRequest) =>
  request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';

/** A deterministic unit vector from the characters of `text`. */
function embedOne(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i += 1) {
    const index = (text.charCodeAt(i) * 31 + i) % dimensions;
    vector[index] = (vector[index] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/**
 * An in-process ChatModel and EmbeddingModel for tests: plays scripted answers (text and tool
 * calls), records every call with its request (tools included), validates scripted JSON with the
 * caller's schema like the real adapter, embeds deterministically and counts tokens with tiktoken.
 *
 * @example
 * const llm = createScriptedLlm({ replies: ['Hello!', { error: new ParleyError('LLM_TIMEOUT', 'slow') }] });
 * llm.push({ toolCalls: [{ name: 'web_search', arguments: { query: 'rust' } }] }, 'Found three.');
 */
export function createScriptedLlm(script: ScriptedLlmScript = {}): ScriptedLlm {
  const calls: ScriptedLlmCall[] = [];
  const replies = [...(script.replies ?? [])];
  const json = new Map<string, { queue: ScriptedJson[]; last?: { value: ScriptedJson } }>();
  const pushJson = (name: string, values: ScriptedJson[]) => {
    const entry = json.get(name) ?? { queue: [] };
    entry.queue.push(...values);
    json.set(name, entry);
  };
  for (const [name, value] of Object.entries(script.json ?? {}))
    pushJson(name, Array.isArray(value) ? value : [value]);
  const counter = createGptTokenizerCounter();
  const model = script.model ?? 'scripted-model';
  let callNumber = 0;
  const toolCallsOf = (spec: ScriptedReplySpec): ToolCall[] =>
    (spec.toolCalls ?? []).map((call) => {
      callNumber += 1;
      return {
        id: call.id ?? `call_${callNumber}`,
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      };
    });

  const nextJson = (name: string): { value: ScriptedJson } | undefined => {
    const entry = json.get(name);
    if (entry && entry.queue.length > 0) entry.last = { value: entry.queue.shift() };
    return entry?.last;
  };

  return {
    calls,
    push: (...more) => void replies.push(...more),
    pushJson: (name, ...values) => pushJson(name, values),

    async *stream(request): AsyncGenerator<StreamEvent> {
      calls.push({ method: 'stream', request });
      const scripted = replies.shift() ?? script.reply ?? `You said: "${lastUser(request)}".`;
      const resolved = typeof scripted === 'function' ? scripted(request) : scripted;
      const spec: ScriptedReplySpec = typeof resolved === 'string' ? { text: resolved } : resolved;
      if (spec.delayMs) await abortableSleep(spec.delayMs, request.signal);
      if (spec.error && spec.errorAfterChunks === undefined) throw spec.error;
      const text = spec.text ?? spec.chunks?.join('') ?? '';
      const toolCalls = toolCallsOf(spec);
      const chunks = spec.chunks ?? text.match(/\S+\s*|\s+/g) ?? [];
      for (const [index, chunk] of chunks.entries()) {
        if (spec.error && index === spec.errorAfterChunks) throw spec.error;
        if (index > 0 && spec.chunkDelayMs) await abortableSleep(spec.chunkDelayMs, request.signal);
        request.signal?.throwIfAborted();
        yield { type: 'delta', text: chunk };
      }
      if (spec.error) throw spec.error;
      const usage = spec.usage ?? {
        promptTokens: counter.count(request.messages.map((message) => message.content).join('\n')),
        completionTokens: counter.count(
          [text, ...toolCalls.map((call) => `${call.name}(${call.arguments})`)].join('\n'),
        ),
      };
      yield {
        type: 'done',
        model: spec.model ?? request.model ?? model,
        usage,
        finishReason: spec.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
        toolCalls,
      };
    },

    async completeJson<T>(request: JsonRequest<T>) {
      calls.push({ method: 'completeJson', request: request as JsonRequest<unknown> });
      request.signal?.throwIfAborted();
      const next = nextJson(request.name);
      const candidate = !next
        ? {}
        : typeof next.value === 'function'
          ? (next.value as (r: JsonRequest<unknown>) => unknown)(request as JsonRequest<unknown>)
          : next.value;
      if (candidate instanceof Error) throw candidate;
      const parsed = request.schema.safeParse(candidate);
      if (!parsed.success) {
        throw new ParleyError('LLM_BAD_OUTPUT', `The scripted LLM has no valid ${request.name}.`, {
          name: request.name,
          issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
        });
      }
      const usage = {
        promptTokens: counter.count(request.messages.map((message) => message.content).join('\n')),
        completionTokens: counter.count(JSON.stringify(parsed.data) ?? ''),
      };
      return { value: parsed.data, model: request.model ?? model, usage };
    },

    async embed(texts, options) {
      calls.push({ method: 'embed', texts });
      options?.signal?.throwIfAborted();
      return texts.map((text) => embedOne(text, script.embeddingDimensions ?? 8));
    },

    async ping() {
      calls.push({ method: 'ping' });
    },
  };
}
