import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ParleyError } from '../../errors/parley-error.js';
import type { LlmUsage, StreamEvent, StreamRequest, ToolCall } from '../../ports/chat-model.js';
import { candidateModels, isToolLess, type ChatCallDeps } from './llm-call-deps.js';
import { linkAbort } from '../../shared/link-abort.js';
import { classifyLlmError } from './classify-llm-error.js';
import { asAttemptError, LlmAttemptError, type LlmFailure } from './llm-failure.js';
import { promptText, toOpenAiMessage, toOpenAiTools, toPlainOpenAiMessages } from './openai-messages.js';
import { runWithFallback } from './run-with-fallback.js';
import { absorbChunk, emptyProgress, toolCallsOf, type StreamProgress } from './stream-progress.js';
import { createStreamTimer, timeoutError, type StreamTimer } from './stream-timeouts.js';

interface OpenedStream {
  iterator: AsyncIterator<ChatCompletionChunk>;
  controller: AbortController;
  timer: StreamTimer;
  progress: StreamProgress;
  /** The text read while opening (the first delta), yielded first. */
  first: string;
  ended: boolean;
  unlink: () => void;
}

/**
 * Streams one chat completion (R5.3–R5.5), tool calls included. Opening the stream and reading up
 * to its first text is one attempt, retried and failed over like any request: tool-call deltas never
 * reach the client, so an answer made only of tool calls is read whole inside the attempt (a tool
 * delta or a finish only switches the first-token limit to the idle gap). Once text has been yielded
 * a failure ends the stream with LLM_UNAVAILABLE or LLM_TIMEOUT and nothing is retried. A model that
 * refuses tools is asked again once without them and remembered as tool-less; a tool-less model
 * gets earlier tool rounds as plain text. Without a key (`requireKey`) it fails as it starts.
 */
export async function* streamChat(deps: ChatCallDeps, request: StreamRequest): AsyncGenerator<StreamEvent> {
  deps.requireKey();
  const { config, resilience } = deps;
  const totalDeadline = resilience.now() + config.totalTimeoutMs;
  const tools = request.tools ?? [];
  const messages = request.messages.map(toOpenAiMessage);
  const toolLess = (model: string) => isToolLess(deps, model);

  const openOnce = async (model: string, withTools: boolean): Promise<OpenedStream> => {
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
      const iterator = await timer.within(
        deps.transport.stream(
          {
            model,
            messages: toolLess(model) ? toPlainOpenAiMessages(request.messages) : messages,
            stream: true,
            stream_options: { include_usage: true },
            ...(withTools ? { tools: toOpenAiTools(tools) } : {}),
            ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          { signal: controller.signal, timeoutMs: config.connectTimeoutMs },
        ),
        abort,
      );
      const progress = emptyProgress(!deps.usageReporting.has(model));
      for (;;) {
        const next = await timer.within(iterator.next(), abort);
        if (next.done) {
          if (progress.finishReason === undefined) throw new LlmAttemptError(model, { kind: 'network' });
          return { iterator, controller, timer, progress, first: '', ended: true, unlink };
        }
        const { text, started } = absorbChunk(next.value, progress);
        if (text !== '') return { iterator, controller, timer, progress, first: text, ended: false, unlink };
        if (started) timer.gotFirstToken();
      }
    } catch (error) {
      controller.abort();
      unlink();
      throw asAttemptError(model, error, resilience.now());
    }
  };

  const open = async (model: string): Promise<OpenedStream> => {
    if (tools.length === 0 || toolLess(model)) return openOnce(model, false);
    try {
      return await openOnce(model, true);
    } catch (error) {
      if (!(error instanceof LlmAttemptError) || !error.failure.refusesTools) throw error;
      deps.toolLessModels.add(model);
      resilience.logger.warn(
        { model, status: error.failure.status },
        'llm model refuses tools; asking again without them',
      );
      return openOnce(model, false);
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
  const failedAfterOutput = (failure: LlmFailure): ParleyError => {
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
  let ended = opened.ended;
  const abort = () => controller.abort();
  try {
    if (opened.first !== '') yield { type: 'delta', text: opened.first };
    timer.gotFirstToken();
    while (!ended) {
      let next: IteratorResult<ChatCompletionChunk>;
      // One timer for the whole answer, restarted per delta; when it fires it aborts the request,
      // which ends the read, and the limit it names is the error.
      timer.restart(abort);
      try {
        next = await iterator.next();
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        const expired = timer.expired();
        if (expired) throw timeoutError(expired);
        if (ParleyError.is(error)) throw error;
        throw failedAfterOutput(classifyLlmError(error, resilience.now()));
      }
      timer.pause();
      const expired = timer.expired();
      if (expired) throw timeoutError(expired);
      if (next.done) ended = true;
      else {
        const { text } = absorbChunk(next.value, progress);
        if (text !== '') yield { type: 'delta', text };
      }
    }
    if (request.signal?.aborted) throw request.signal.reason;
    if (progress.finishReason === undefined) throw failedAfterOutput({ kind: 'network' });
    const toolCalls = toolCallsOf(progress);
    if (progress.usage) deps.usageReporting.add(model);
    else deps.usageReporting.delete(model);
    const usage = progress.usage ?? estimateUsage(deps, request, progress, toolCalls);
    yield { type: 'done', model, usage, finishReason: progress.finishReason, toolCalls };
  } finally {
    timer.stop();
    // A stream read to its end has released its connection; aborting it would only build and
    // dispatch AbortErrors through the SDK and fetch.
    if (!ended) controller.abort();
    opened.unlink();
  }
}

/** Characters per token where no text was kept to count: the usual rule of thumb for English. */
const CHARS_PER_TOKEN = 4;

/**
 * Usage for a stream whose provider reported none: the prompt and the answer counted with the
 * configured counter, or, for a model that reported usage until this answer (its text was not
 * kept), the answer's characters ÷ 4; its next answers are counted again.
 */
function estimateUsage(
  deps: ChatCallDeps,
  request: StreamRequest,
  progress: StreamProgress,
  toolCalls: ToolCall[],
): LlmUsage {
  const calls = toolCalls.map((call) => `${call.name}(${call.arguments})`);
  const answer = progress.text
    ? deps.tokenCounter.count([progress.text.textFrom(0), ...calls].join('\n'))
    : Math.ceil(progress.chars / CHARS_PER_TOKEN) + deps.tokenCounter.count(calls.join('\n'));
  return { promptTokens: deps.tokenCounter.count(promptText(request.messages)), completionTokens: answer };
}
