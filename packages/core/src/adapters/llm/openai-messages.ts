import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatMessage, ToolDefinition } from '../../ports/chat-model.js';

/**
 * A port message in the OpenAI wire format: an assistant message carries its `tool_calls` (its
 * text may then be null), a tool result names its call in `tool_call_id`.
 */
export function toOpenAiMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (message.role === 'tool') {
    return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
  }
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: message.content === '' ? null : message.content,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  }
  return { role: message.role, content: message.content };
}

/**
 * The messages for a model that takes no tools (it refused them, or `LLM_TOOLS=off`): calls and
 * results from earlier rounds become plain text, since such endpoints may reject `tool_calls` and
 * `tool` messages. A call is noted under the assistant's text; a result becomes a user message
 * naming the tool.
 */
export function toPlainOpenAiMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  const names = new Map<string, string>();
  return messages.map((message): ChatCompletionMessageParam => {
    if (message.role === 'tool') {
      const name = names.get(message.toolCallId ?? '') ?? 'a tool';
      return { role: 'user', content: `(Result of ${name}:)\n${message.content}` };
    }
    const calls = message.role === 'assistant' ? (message.toolCalls ?? []) : [];
    if (calls.length === 0) return toOpenAiMessage(message);
    for (const call of calls) names.set(call.id, call.name);
    const noted = calls.map((call) => `(Called ${call.name} with ${call.arguments}.)`);
    return { role: 'assistant', content: [message.content, ...noted].filter(Boolean).join('\n') };
  });
}

/** The port's tools as OpenAI `tools`: `{ type: 'function', function: { name, description, parameters } }`. */
export function toOpenAiTools(tools: ToolDefinition[]): ChatCompletionTool[] {
  return tools.map((tool) => ({
    type: 'function' as const,
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

/** The prompt's text for estimating tokens when a provider reports no usage, tool calls included. */
export function promptText(messages: ChatMessage[]): string {
  return messages
    .map((message) =>
      [message.content, ...(message.toolCalls ?? []).map((call) => `${call.name}(${call.arguments})`)].join(
        '\n',
      ),
    )
    .join('\n');
}
