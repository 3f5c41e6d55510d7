import type OpenAI from 'openai';
import type { ParleyConfig } from '../../config/parley-config.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import type { Resilience } from './run-with-fallback.js';

/** What every adapter call shares: the SDK client, the `llm` config and the resilience parts. */
export interface LlmCallDeps {
  client: OpenAI;
  config: ParleyConfig['llm'];
  resilience: Resilience;
  tokenCounter: TokenCounter;
}

/** The models to try in order: the requested (or configured) one, then the fallbacks, without repeats. */
export function candidateModels(config: ParleyConfig['llm'], requested?: string): string[] {
  return [...new Set([requested ?? config.model, ...config.fallbackModels])];
}
