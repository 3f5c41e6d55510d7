import type { ParleyConfig } from '../../config/parley-config.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import type { LlmTransport } from './llm-transport.js';
import type { Resilience } from './run-with-fallback.js';

/** What every adapter call shares: how requests are sent, the `llm` config and the resilience parts. */
export interface LlmCallDeps {
  transport: LlmTransport;
  config: ParleyConfig['llm'];
  resilience: Resilience;
}

/** What chat calls add: a token counter for usage a provider did not report, and the tool memory. */
export interface ChatCallDeps extends LlmCallDeps {
  /** Throws `LLM_NOT_CONFIGURED` when no key is set and no base URL says none is needed. */
  requireKey: () => void;
  tokenCounter: TokenCounter;
  /** Models that refused a request with tools; asked without them for the life of the chat model. */
  toolLessModels: Set<string>;
  /**
   * Models whose streams reported usage: their answers' text is not kept to count it (a long answer
   * would be held twice, once here and once by the caller).
   */
  usageReporting: Set<string>;
}

/** The models to try in order: the requested (or configured) one, then the fallbacks, without repeats. */
export function candidateModels(config: ParleyConfig['llm'], requested?: string): string[] {
  return [...new Set([requested ?? config.model, ...config.fallbackModels])];
}

/** Whether `model` gets no tools: `LLM_TOOLS=off`, or it refused them earlier in this process. */
export const isToolLess = (deps: ChatCallDeps, model: string): boolean =>
  deps.config.tools === 'off' || deps.toolLessModels.has(model);
