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
