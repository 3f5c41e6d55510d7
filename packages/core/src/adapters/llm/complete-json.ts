import { z } from 'zod';
import { ParleyError } from '../../errors/parley-error.js';
import type { ChatMessage, JsonRequest, LlmUsage } from '../../ports/chat-model.js';
import type { CompleteChatRequest } from './complete-chat.js';

type Complete = (request: CompleteChatRequest) => Promise<{ text: string; model: string; usage: LlmUsage }>;

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; issues: string[] };

/** Each schema's hint, built once: converting a schema to JSON Schema costs more than the call's parsing. */
const hints = new WeakMap<z.ZodType, string>();

function schemaHint(schema: z.ZodType): string {
  let hint = hints.get(schema);
  if (hint === undefined) {
    try {
      hint = `\nIt must match this JSON Schema:\n${JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }))}`;
    } catch {
      hint = '';
    }
    hints.set(schema, hint);
  }
  return hint;
}

/** Parses the model's text as JSON (tolerating a Markdown code fence) and validates it with the schema. */
export function checkJson<T>(text: string, schema: z.ZodType<T>): Checked<T> {
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(unfenced);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparsable';
    return { ok: false, problem: `it is not valid JSON (${reason})`, issues: ['not valid JSON'] };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, problem: `it does not match the schema:\n${issues.join('\n')}`, issues };
}

/**
 * Asks for one JSON object named `request.name`, validates it with the zod schema and, on failure,
 * sends the problem back once for a repair; a second failure is LLM_BAD_OUTPUT (R5.1).
 */
export async function completeJson<T>(
  complete: Complete,
  request: JsonRequest<T>,
): Promise<{ value: T; model: string; usage: LlmUsage }> {
  const instruction: ChatMessage = {
    role: 'system',
    content: `Reply with a single JSON object (the ${request.name}) and nothing else.${schemaHint(request.schema)}`,
  };
  const base = { model: request.model, temperature: request.temperature, signal: request.signal, json: true };
  const messages = [instruction, ...request.messages];
  const first = await complete({ ...base, messages });
  const checked = checkJson(first.text, request.schema);
  if (checked.ok) return { value: checked.value, model: first.model, usage: first.usage };

  const repair: ChatMessage[] = [
    ...messages,
    { role: 'assistant', content: first.text },
    {
      role: 'user',
      content: `That reply is not a valid ${request.name}: ${checked.problem}\nReply again with only the corrected JSON object.`,
    },
  ];
  const second = await complete({ ...base, messages: repair });
  const usage = {
    promptTokens: first.usage.promptTokens + second.usage.promptTokens,
    completionTokens: first.usage.completionTokens + second.usage.completionTokens,
  };
  const repaired = checkJson(second.text, request.schema);
  if (repaired.ok) return { value: repaired.value, model: second.model, usage };
  throw new ParleyError('LLM_BAD_OUTPUT', `The language model did not return a valid ${request.name}.`, {
    name: request.name,
    model: second.model,
    issues: repaired.issues,
  });
}
