import type { ConfigSource } from '@parley/core/config';

const PROBE_TIMEOUT_MS = 800;

/** Where Ollama listens: `OLLAMA_HOST` (Ollama's own variable) or its default address. */
export function ollamaBaseUrl(env: ConfigSource): string {
  const host = String(env.OLLAMA_HOST ?? '').trim() || '127.0.0.1:11434';
  return (/^https?:\/\//.test(host) ? host : `http://${host}`).replace(/\/+$/, '');
}

/** The keys that switch a real model on, as the offline banner and warning name them. */
const MODEL_KEYS = 'set LLM_API_KEY, OPENROUTER_API_KEY or LLM_BASE_URL, or run Ollama';

/** The one-line banner `parley chat` shows above the offline intake. */
export const OFFLINE_BANNER = `Offline intake (no LLM configured): ${MODEL_KEYS}, for a real model.`;

/** What `parley serve` warns when it falls back to the offline intake. */
export function offlineWarning(ollama: string): string {
  return `No LLM is configured and no local Ollama answered at ${ollama}: serving the offline intake (model parley-offline). For a real model, ${MODEL_KEYS}.`;
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
 * Config overrides that give the chat a model. With `LLM_MODE=offline`, a key or a base URL set,
 * none are needed; otherwise a local Ollama that answers is used (with its first model unless
 * LLM_MODEL is set); failing that, the offline intake (`LLM_MODE=offline`), which the caller announces.
 */
export async function resolveLlm(env: ConfigSource, overrides: ConfigSource = {}): Promise<ConfigSource> {
  const value = (key: string) => String(overrides[key] ?? env[key] ?? '').trim();
  if (value('LLM_MODE') === 'offline') return {};
  if (value('LLM_API_KEY') || value('OPENROUTER_API_KEY') || value('LLM_BASE_URL')) return {};
  const ollama = ollamaBaseUrl(env);
  const models = await listModels(`${ollama}/v1/models`);
  if (!models) return { LLM_MODE: 'offline' };
  const model = value('LLM_MODEL') ? undefined : models[0];
  return { LLM_BASE_URL: `${ollama}/v1`, ...(model ? { LLM_MODEL: model } : {}) };
}
