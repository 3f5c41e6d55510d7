import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenCounter } from '../../ports/token-counter.js';

/** Special-token markers in a text are counted as the text they are, as tiktoken's `encode_ordinary` does. */
const ORDINARY = { disallowedSpecial: new Set<string>() };

/**
 * The default token counter: tiktoken's `o200k_base` encoding (current OpenAI models; a close
 * estimate for other providers behind OpenRouter) in gpt-tokenizer's pure-JavaScript BPE, which
 * counted a 900-character message in a seventh of the WASM encoder's time (docs/performance.md).
 * The token-counter contract holds its counts to tiktoken's own (`createTiktokenCounter`).
 */
export function createGptTokenizerCounter(): TokenCounter {
  return { count: (text) => (text === '' ? 0 : countTokens(text, ORDINARY)) };
}
