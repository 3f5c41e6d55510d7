import type { ServerResponse } from 'node:http';
import { defaultReply } from './default-reply.js';
import type { ChatRequestBody, ReplySpec } from './reply.js';

/** What the chat handler needs from the server: a delay the server can cancel on close. */
export interface ChatContext {
  wait(ms: number): Promise<void>;
  /** Waits for `promise`, or until the stub closes. */
  until(promise: Promise<unknown>): Promise<void>;
  id: string;
  /** The answer's number in this stub, used in default tool-call ids. */
  sequence: number;
}

/** A scripted tool call as sent on the wire: its id and its arguments as JSON text. */
interface WireToolCall {
  id: string;
  name: string;
  arguments: string;
}

const approxTokens = (text: string): number => Math.ceil(text.length / 4);

/** Splits `text` into `count` pieces of about equal length (fewer when the text is shorter). */
function splitInto(text: string, count: number): string[] {
  if (text === '') return [];
  const size = Math.ceil(text.length / Math.max(1, count));
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, (i + 1) * size),
  );
}

/** Splits `text` by the spec: N chunks, fixed-size chunks, or one chunk per word (spaces kept). */
export function splitText(text: string, spec: ReplySpec): string[] {
  if (text === '') return [];
  if (spec.chunkSize && spec.chunkSize > 0) {
    const size = spec.chunkSize;
    return Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
      text.slice(i * size, (i + 1) * size),
    );
  }
  if (spec.chunkCount && spec.chunkCount > 0) return splitInto(text, spec.chunkCount);
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function wireToolCalls(spec: ReplySpec, context: ChatContext): WireToolCall[] {
  return (spec.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${context.sequence}_${index}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

/** The streamed deltas of the tool calls: index, id and name first, then the arguments in pieces. */
function toolCallDeltas(calls: WireToolCall[], spec: ReplySpec): Array<Record<string, unknown>> {
  return calls.flatMap((call, index) => [
    {
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
    },
    ...splitInto(call.arguments, spec.argumentChunks ?? 3).map((piece) => ({
      tool_calls: [{ index, function: { arguments: piece } }],
    })),
  ]);
}

function usageOf(request: ChatRequestBody, text: string, calls: WireToolCall[], spec: ReplySpec) {
  const prompt = spec.usage?.promptTokens ?? approxTokens(JSON.stringify(request.messages ?? []));
  const completion =
    spec.usage?.completionTokens ??
    approxTokens(text + calls.map((call) => call.name + call.arguments).join(''));
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Writes one chat completion, streamed as OpenAI SSE chunks or as one JSON body, following `spec`. */
export async function sendChatCompletion(
  res: ServerResponse,
  request: ChatRequestBody,
  spec: ReplySpec,
  context: ChatContext,
): Promise<void> {
  if (spec.hang) return;
  if (spec.firstTokenDelayMs) await context.wait(spec.firstTokenDelayMs);
  if (res.destroyed) return;
  if (spec.status !== undefined) return sendError(res, spec);
  const calls = wireToolCalls(spec, context);
  const text = spec.text ?? (calls.length > 0 ? '' : defaultReply(request));
  const model = request.model ?? 'stub-model';
  const created = Math.floor(Date.now() / 1000);
  const usage = usageOf(request, text, calls, spec);
  const finishReason = spec.finishReason ?? (calls.length > 0 ? 'tool_calls' : 'stop');
  if (!request.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (spec.malformed) return void res.end(`{"id":"${context.id}","object":"chat.completion","choices":[{`);
    const toolCalls = calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
    const message = {
      role: 'assistant',
      content: text === '' && calls.length > 0 ? null : text,
      refusal: null,
      ...(calls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
    const choice = { index: 0, message, logprobs: null, finish_reason: finishReason };
    const body = { id: context.id, object: 'chat.completion', created, model, choices: [choice], usage };
    return void res.end(JSON.stringify(body));
  }
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => {
    const body = {
      id: context.id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: null,
      choices,
    };
    const withUsage = includeUsage ? { ...body, usage: null, ...extra } : { ...body, ...extra };
    res.write(`data: ${JSON.stringify(withUsage)}\n\n`);
  };
  const delta = (content: Record<string, unknown>, finish: string | null = null) =>
    chunk([{ index: 0, delta: content, logprobs: null, finish_reason: finish }]);

  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  delta({ role: 'assistant', content: '', refusal: null });
  // An SSE comment flushes what was written before the socket is destroyed, so the client sees the chunks.
  const drop = () => new Promise<void>((resolve) => res.write(':\n\n', () => resolve(void res.destroy())));
  const pieces = [
    ...splitText(text, spec).map((piece) => ({ content: piece })),
    ...toolCallDeltas(calls, spec),
  ];
  for (const [index, piece] of pieces.entries()) {
    if (spec.dropAfterChunks !== undefined && index >= spec.dropAfterChunks) return drop();
    if (index > 0 && spec.chunkDelayMs) await context.wait(spec.chunkDelayMs);
    if (spec.beforeChunk) await spec.beforeChunk(index);
    if (spec.hold?.afterChunks === index) await context.until(spec.hold.until);
    if (res.destroyed) return;
    if (spec.malformed && index === Math.floor(pieces.length / 2))
      res.write('data: {"choices":[{"delta":\n\n');
    delta(piece);
  }
  if (spec.hold && spec.hold.afterChunks >= pieces.length) await context.until(spec.hold.until);
  if (res.destroyed) return;
  if (spec.dropAfterChunks !== undefined) return drop();
  delta({}, finishReason);
  if (includeUsage) chunk([], { usage });
  res.end('data: [DONE]\n\n');
}

function sendError(res: ServerResponse, spec: ReplySpec): void {
  const status = spec.status ?? 500;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.retryAfter !== undefined) headers['retry-after'] = String(spec.retryAfter);
  res.writeHead(status, headers);
  const error = {
    message: spec.errorMessage ?? `Stub error ${status}`,
    type: status === 429 ? 'rate_limit_exceeded' : 'stub_error',
    code: status,
  };
  res.end(JSON.stringify({ error }));
}
