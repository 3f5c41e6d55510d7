import type { ChatRequestBody } from './reply.js';

/** The text of the last user message, or '' when there is none. */
export function lastUserMessage(request: ChatRequestBody): string {
  const users = (request.messages ?? []).filter((message) => message.role === 'user');
  const content = users.at(-1)?.content;
  return typeof content === 'string' ? content : '';
}

/**
 * The deterministic default answer: mentions the last user message so tests can tell replies apart;
 * a JSON object when the request asked for `json_object`.
 */
export function defaultReply(request: ChatRequestBody): string {
  const said = lastUserMessage(request);
  if (request.response_format?.type === 'json_object') return JSON.stringify({ echo: said });
  return `You said: "${said}". This is the Parley LLM stub answering.`;
}
