import type { ChatMessage, LlmUsage } from '../../ports/chat-model.js';
import { candidateModels, isToolLess, type ChatCallDeps } from './llm-call-deps.js';
import { LlmAttemptError } from './llm-failure.js';
import { promptText, toOpenAiMessage, toPlainOpenAiMessages } from './openai-messages.js';
import { runWithFallback } from './run-with-fallback.js';
import { requestWithin } from './request-within.js';

export interface CompleteChatRequest {
  messages: ChatMessage[];
  model?: string;
  temperature?: number;
  signal?: AbortSignal;
  /** Ask for `response_format: json_object`. */
  json?: boolean;
}

/**
 * One non-streaming completion with retries, breakers, fallbacks and the whole-answer timeout; a
 * tool-less model gets earlier tool rounds as plain text.
 */
export async function completeChat(
  deps: ChatCallDeps,
  request: CompleteChatRequest,
): Promise<{ text: string; model: string; usage: LlmUsage }> {
  const { transport, config, resilience } = deps;
  const totalDeadline = resilience.now() + config.totalTimeoutMs;

  const attempt = async (model: string) => {
    const completion = await requestWithin(deps, model, request.signal, totalDeadline, (limits) =>
      transport.complete(
        {
          model,
          messages: isToolLess(deps, model)
            ? toPlainOpenAiMessages(request.messages)
            : request.messages.map(toOpenAiMessage),
          ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        },
        limits,
      ),
    );
    const text = completion.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new LlmAttemptError(model, { kind: 'bad_response' });
    const usage: LlmUsage = completion.usage
      ? {
          promptTokens: completion.usage.prompt_tokens,
          completionTokens: completion.usage.completion_tokens,
        }
      : {
          promptTokens: deps.tokenCounter.count(promptText(request.messages)),
          completionTokens: deps.tokenCounter.count(text),
        };
    return { text, usage };
  };

  const { value, model } = await runWithFallback(
    resilience,
    'json',
    candidateModels(config, request.model),
    attempt,
    request.signal,
  );
  return { ...value, model };
}
