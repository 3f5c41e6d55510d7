import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ParleyError } from '../../errors/parley-error.js';
import type { LlmFailure, LlmFailureKind } from './llm-failure.js';

/**
 * `Retry-After` as milliseconds: OpenAI's `retry-after-ms`, delta-seconds or an HTTP date; undefined
 * when absent or unparsable.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function fromStatus(status: number): LlmFailureKind {
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 409 || status >= 500) return 'server';
  return status === 401 || status === 403 ? 'auth' : 'client';
}

/** Keeps only codes shaped like `context_length_exceeded`: lower-case words, none long enough to be a key. */
const safeCode = (code: unknown): string | undefined =>
  typeof code === 'string' &&
  code.length <= 64 &&
  /^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*$/.test(code) &&
  !code.startsWith('sk-') &&
  code.split(/[_.-]/).every((word) => word.length <= 20)
    ? code
    : undefined;

/**
 * What providers say when a model does not take tools: OpenRouter's "No endpoints found that support
 * tool use", Ollama's "does not support tools", vLLM's "auto" tool choice needing a server flag, or a
 * rejected `tools`/`tool_choice`/`functions` field.
 */
const TOOLS_REFUSED: RegExp[] = [
  /\btool use\b/i,
  /\bsupports? (?:tools|tool calling|tool calls|function calling)\b/i,
  /\btool[ _]choice\b/i,
  /\b(?:tools|functions|function calling)\b.*\b(?:not supported|unsupported|not allowed)\b/i,
  /\b(?:not supported|unsupported)\b.*\b(?:tools|functions)\b/i,
];

const refusesTools = (status: number, message: string): boolean =>
  (status === 400 || status === 404 || status === 422) &&
  TOOLS_REFUSED.some((pattern) => pattern.test(message));

/**
 * Classifies whatever a request, a stream read or a breaker threw. Runs once per failure, at the
 * place it happened (see `asAttemptError`); everything downstream reads the LlmAttemptError.
 */
export function classifyLlmError(error: unknown, now: number = Date.now()): LlmFailure {
  if (ParleyError.is(error, 'LLM_TIMEOUT')) return { kind: 'timeout', phase: String(error.details.phase) };
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError)
    return { kind: 'breaker_open' };
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError || error instanceof APIConnectionError)
    return { kind: 'network' };
  if (error instanceof APIError) {
    const providerCode = safeCode(error.code);
    const base = providerCode ? { providerCode } : {};
    if (error.status === undefined) return { kind: 'server', ...base };
    const retryAfterMs = parseRetryAfter(error.headers, now);
    return {
      kind: fromStatus(error.status),
      status: error.status,
      ...base,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(refusesTools(error.status, error.message) ? { refusesTools: true } : {}),
    };
  }
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'aborted' };
  if (error instanceof SyntaxError) return { kind: 'bad_response' };
  return { kind: 'network' };
}
