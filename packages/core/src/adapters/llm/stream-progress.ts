import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { LlmUsage, ToolCall } from '../../ports/chat-model.js';
import { DeltaText } from '../../shared/delta-text.js';

/** What a stream has delivered so far: text, tool calls being assembled, finish reason and usage. */
export interface StreamProgress {
  /**
   * Text so far, held compactly (a long answer is not a string per delta), read only to count its
   * tokens when the provider reports no usage; absent for a model known to report it.
   */
  text?: DeltaText;
  /** Characters of text so far: the estimate when no usage was reported and no text was kept. */
  chars: number;
  /** Tool calls by their `index` in the deltas: id and name from the first delta, arguments appended. */
  calls: Map<number, ToolCall>;
  finishReason?: string;
  usage?: LlmUsage;
}

export const emptyProgress = (keepText: boolean): StreamProgress => ({
  ...(keepText ? { text: new DeltaText() } : {}),
  chars: 0,
  calls: new Map(),
});

/** What one chunk brought: its new text, and whether it carried anything at all from the model. */
export interface Absorbed {
  text: string;
  /** Text, a tool-call delta or a finish: the model has started answering. */
  started: boolean;
}

type ToolCallDelta = NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number];

/**
 * The call a delta belongs to: its `index`; from providers that omit it, the call with the same id,
 * a new call for a new id, else the latest call.
 */
function callIndex(delta: ToolCallDelta, progress: StreamProgress): number {
  if (typeof delta.index === 'number') return delta.index;
  const known = [...progress.calls.entries()].find(([, call]) => delta.id && call.id === delta.id);
  if (known) return known[0];
  return delta.id ? progress.calls.size : Math.max(0, progress.calls.size - 1);
}

/** Folds one chunk into `progress`: text of the first choice, its tool-call deltas, finish and usage. */
export function absorbChunk(chunk: ChatCompletionChunk, progress: StreamProgress): Absorbed {
  if (chunk.usage) {
    progress.usage = {
      promptTokens: chunk.usage.prompt_tokens,
      completionTokens: chunk.usage.completion_tokens,
    };
  }
  let text = '';
  let started = false;
  for (const choice of chunk.choices ?? []) {
    if (choice.index !== 0) continue;
    if (typeof choice.delta?.content === 'string') text += choice.delta.content;
    for (const delta of choice.delta?.tool_calls ?? []) {
      started = true;
      const index = callIndex(delta, progress);
      const call = progress.calls.get(index) ?? { id: '', name: '', arguments: '' };
      if (delta.id && call.id === '') call.id = delta.id;
      if (delta.function?.name && call.name === '') call.name = delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
      progress.calls.set(index, call);
    }
    if (choice.finish_reason) {
      progress.finishReason = choice.finish_reason;
      started = true;
    }
  }
  if (text !== '') {
    progress.chars += text.length;
    progress.text?.push(text);
  }
  return { text, started: started || text !== '' };
}

/** The assembled calls in index order; a provider that sent no id gets `call_<index>`. */
export function toolCallsOf(progress: StreamProgress): ToolCall[] {
  return [...progress.calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, call]) => ({ ...call, id: call.id === '' ? `call_${index}` : call.id }));
}
