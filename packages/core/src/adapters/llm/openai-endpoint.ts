import OpenAI from 'openai';
import type { Logger } from 'pino';
import type { ParleyConfig } from '../../config/parley-config.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { LlmMetricsListener } from '../../ports/llm-metrics-listener.js';
import { httpTransport } from './http-transport.js';
import { sdkTransport, type LlmTransport } from './llm-transport.js';
import { createModelBreakers } from './model-breakers.js';
import { DEFAULT_RETRY_POLICY, realSleep, type RetryPolicy, type Sleep } from './retry-policy.js';
import type { Resilience } from './run-with-fallback.js';

/** What both OpenAI-compatible models take; each model builds its own client, breakers and retries. */
export interface OpenAiModelOptions {
  config: ParleyConfig['llm'];
  logger: Logger;
  /** Replaces global fetch (proxies, tests). */
  fetch?: typeof fetch;
  metrics?: LlmMetricsListener;
  /** Attempts per model and backoff; defaults to 3 attempts from 250 ms. */
  retry?: Partial<RetryPolicy>;
  /** Injected waits and clock, so retry tests neither sleep nor race the wall clock. */
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
}

/** One OpenAI-compatible endpoint: where it is, its key, and which key a missing one should name. */
export interface OpenAiEndpoint {
  baseUrl: string;
  baseUrlSet: boolean;
  apiKey: string | null;
  /** The environment keys that set the key, the first preferred; named in LLM_NOT_CONFIGURED. */
  keyNames: [string, ...string[]];
}

/**
 * The `openai` SDK client for an endpoint, with the SDK's own retries off (the adapter retries,
 * fails over and breaks circuits) and OpenRouter's optional app headers.
 */
export function createOpenAiClient(endpoint: OpenAiEndpoint, options: OpenAiModelOptions): OpenAI {
  const { config } = options;
  return new OpenAI({
    apiKey: endpoint.apiKey ?? 'no-key',
    baseURL: endpoint.baseUrl,
    maxRetries: 0,
    timeout: config.connectTimeoutMs,
    logLevel: 'off',
    defaultHeaders: { ...(endpoint.apiKey === null ? { Authorization: null } : {}), ...appHeaders(config) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * How an adapter's requests go out: over `node:http(s)` (`httpTransport`, measured cheaper), or
 * through the SDK client (the given one, else a new one) when a custom `fetch` is given.
 */
export function createTransport(
  endpoint: OpenAiEndpoint,
  options: OpenAiModelOptions,
  client?: OpenAI,
): LlmTransport {
  if (options.fetch) return sdkTransport(client ?? createOpenAiClient(endpoint, options));
  return httpTransport({
    baseUrl: endpoint.baseUrl,
    headers: {
      ...(endpoint.apiKey === null ? {} : { authorization: `Bearer ${endpoint.apiKey}` }),
      ...appHeaders(options.config),
    },
  });
}

/** OpenRouter's optional app headers, sent with every request to the endpoint. */
export function appHeaders(config: ParleyConfig['llm']): Record<string, string> {
  return { ...(config.appUrl ? { 'HTTP-Referer': config.appUrl } : {}), 'X-Title': config.appTitle };
}

/**
 * A guard run before each call: a keyless custom endpoint (Ollama, the stub) is fine, the default
 * OpenRouter URL without a key is LLM_NOT_CONFIGURED.
 */
export function keyGuard(endpoint: OpenAiEndpoint): () => void {
  return () => {
    if (endpoint.apiKey !== null || endpoint.baseUrlSet) return;
    const [key, ...others] = endpoint.keyNames;
    throw new ParleyError(
      'LLM_NOT_CONFIGURED',
      `No LLM API key is set: set ${key}${others.length > 0 ? ` (or ${others.join(' or ')})` : ''}.`,
      { key },
    );
  };
}

/** Fresh breakers, retry policy and clock for one model, so chat and embeddings fail independently. */
export function createResilience(options: OpenAiModelOptions): Resilience {
  const { config, logger, metrics } = options;
  return {
    logger,
    breakers: createModelBreakers({
      threshold: config.breakerThreshold,
      cooldownMs: config.breakerCooldownMs,
      logger,
      metrics,
    }),
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    retryBudgetMs: config.retryBudgetMs,
    sleep: options.sleep ?? realSleep,
    now: options.now ?? Date.now,
    random: options.random,
    metrics,
  };
}
