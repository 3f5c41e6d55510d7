import { ParleyError, type ConfigSource } from '@parley/core';

const PROBE_TIMEOUT_MS = 800;

/** Where Ollama listens: `OLLAMA_HOST` (Ollama's own variable) or its default address. */
export function ollamaBaseUrl(env: ConfigSource): string {
  const host = String(env.OLLAMA_HOST ?? '').trim() || '127.0.0.1:11434';
  return (/^https?:\/\//.test(host) ? host : `http://${host}`).replace(/\/+$/, '');
}

/** The one message shown when no model endpoint can be found. */
export function noLlmMessage(ollama: string): string {
  return [
    `No LLM is configured, and no local Ollama answered at ${ollama}.`,
    'Set LLM_API_KEY (or OPENROUTER_API_KEY) for OpenRouter, or LLM_BASE_URL for any OpenAI-compatible server. For example:',
    '  OPENROUTER_API_KEY=sk-or-... parley chat',
    '  LLM_BASE_URL=http://127.0.0.1:8080/v1 LLM_MODEL=my-model parley chat',
  ].join('\n');
}

async function listModels(url: string): Promise<string[] | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { data?: Array<{ id?: unknown }> };
    return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}

/**
 * Config overrides that give the chat a model endpoint. With a key or a base URL set, none are
 * needed; otherwise a local Ollama that answers is used (with its first model unless LLM_MODEL is
 * set); failing that, `LLM_NOT_CONFIGURED` with a message naming the keys and two examples.
 */
export async function resolveLlm(env: ConfigSource, overrides: ConfigSource = {}): Promise<ConfigSource> {
  const set = (key: string) => String(overrides[key] ?? env[key] ?? '').trim() !== '';
  if (set('LLM_API_KEY') || set('OPENROUTER_API_KEY') || set('LLM_BASE_URL')) return {};
  const ollama = ollamaBaseUrl(env);
  const models = await listModels(`${ollama}/v1/models`);
  if (!models) throw new ParleyError('LLM_NOT_CONFIGURED', noLlmMessage(ollama));
  const model = set('LLM_MODEL') ? undefined : models[0];
  return { LLM_BASE_URL: `${ollama}/v1`, ...(model ? { LLM_MODEL: model } : {}) };
}
