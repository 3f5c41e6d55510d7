import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { ParleyError } from '../../errors/parley-error.js';
import type { LlmUsage, StreamEvent, StreamRequest } from '../../ports/chat-model.js';
import { candidateModels, type LlmCallDeps } from './llm-call-deps.js';
import { linkAbort } from '../../shared/link-abort.js';
import { classifyLlmError, LlmAttemptError } from './llm-failure.js';
import { runWithFallback } from './run-with-fallback.js';
import { createStreamTimer, type StreamTimer } from './stream-timeouts.js';

interface Progress {
  /** Text pieces so far, joined only when usage must be estimated (never per chunk). */
  parts: string[];
  finishReason?: string;
  usage?: LlmUsage;
}

interface OpenedStream {
  iterator: AsyncIterator<ChatCompletionChunk>;
  controller: AbortController;
  timer: StreamTimer;
  progress: Progress;
  ended: boolean;
  unlink: () => void;
}

/** Folds one chunk into `progress`; returns the new text of the first choice. */
function absorb(chunk: ChatCompletionChunk, progress: Progress): string {
  if (chunk.usage) {
    progress.usage = {
      promptTokens: chunk.usage.prompt_tokens,
      completionTokens: chunk.usage.completion_tokens,
    };
  }
  let text = '';
  for (const choice of chunk.choices ?? []) {
    if (choice.index !== 0) continue;
    if (typeof choice.delta?.content === 'string') text += choice.delta.content;
    if (choice.finish_reason) progress.finishReason = choice.finish_reason;
  }
  if (text !== '') progress.parts.push(text);
  return text;
}

/**
 * Streams one chat completion (R5.3–R5.5). Opening the stream and reading up to its first text is
 * one attempt, retried and failed over like any request; once text has been yielded a failure ends
 * the stream with LLM_UNAVAILABLE or LLM_TIMEOUT and nothing is retried.
 */
export async function* streamChat(deps: LlmCallDeps, request: StreamRequest): AsyncGenerator<StreamEvent> {
  const { client, config, resilience } = deps;
  const totalDeadline = resilience.now() + config.totalTimeoutMs;

  const open = async (model: string): Promise<OpenedStream> => {
    const controller = new AbortController();
    const unlink = linkAbort(request.signal, controller);
    const abort = () => controller.abort();
    const timer = createStreamTimer({
      firstTokenMs: config.firstTokenTimeoutMs,
      idleMs: config.idleTimeoutMs,
      totalDeadline,
      now: resilience.now,
    });
    try {
      const stream = await timer.within(
        client.chat.completions.create(
          {
            model,
            messages: request.messages as ChatCompletionMessageParam[],
            stream: true,
            stream_options: { include_usage: true },
            ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          { signal: controller.signal, timeout: config.connectTimeoutMs },
        ),
        abort,
      );
      const iterator = stream[Symbol.asyncIterator]();
      const progress: Progress = { parts: [] };
      for (;;) {
        const next = await timer.within(iterator.next(), abort);
        if (next.done) {
          if (progress.finishReason === undefined) throw new LlmAttemptError(model, { kind: 'network' });
          return { iterator, controller, timer, progress, ended: true, unlink };
        }
        if (absorb(next.value, progress) !== '')
          return { iterator, controller, timer, progress, ended: false, unlink };
      }
    } catch (error) {
      controller.abort();
      unlink();
      throw error;
    }
  };

  const { value: opened, model } = await runWithFallback(
    resilience,
    'stream',
    candidateModels(config, request.model),
    open,
    request.signal,
  );
  const { iterator, controller, timer, progress } = opened;
  const failed = (error: unknown): unknown => {
    if (request.signal?.aborted) return request.signal.reason;
    if (ParleyError.is(error)) return error;
    const failure = classifyLlmError(error, resilience.now());
    resilience.logger.warn(
      { model, status: failure.status, reason: failure.kind },
      'llm stream failed after output',
    );
    return new ParleyError('LLM_UNAVAILABLE', 'The language model stopped in the middle of its answer.', {
      model,
      reason: failure.kind,
      status: failure.status,
    });
  };
  try {
    if (progress.parts.length > 0) yield { type: 'delta', text: progress.parts.join('') };
    timer.gotFirstToken();
    let ended = opened.ended;
    while (!ended) {
      let next: IteratorResult<ChatCompletionChunk>;
      try {
        next = await timer.within(iterator.next(), () => controller.abort());
      } catch (error) {
        throw failed(error);
      }
      if (next.done) ended = true;
      else {
        const text = absorb(next.value, progress);
        if (text !== '') yield { type: 'delta', text };
      }
    }
    if (request.signal?.aborted) throw request.signal.reason;
    if (progress.finishReason === undefined) throw failed(new LlmAttemptError(model, { kind: 'network' }));
    const usage = progress.usage ?? {
      promptTokens: deps.tokenCounter.count(request.messages.map((message) => message.content).join('\n')),
      completionTokens: deps.tokenCounter.count(progress.parts.join('')),
    };
    yield { type: 'done', model, usage, finishReason: progress.finishReason, toolCalls: [] };
  } finally {
    controller.abort();
    opened.unlink();
  }
}
