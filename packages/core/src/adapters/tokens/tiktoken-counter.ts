import { get_encoding, type Tiktoken, type TiktokenEncoding } from 'tiktoken';
import type { TokenCounter } from '../../ports/token-counter.js';

const encoders = new Map<TiktokenEncoding, Tiktoken>();

/**
 * Token counter over tiktoken's WASM encoder. `o200k_base` matches current OpenAI models and is a
 * close estimate for other providers behind OpenRouter; the encoder is built once per process.
 */
export function createTiktokenCounter(encoding: TiktokenEncoding = 'o200k_base'): TokenCounter {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = get_encoding(encoding);
    encoders.set(encoding, encoder);
  }
  const active = encoder;
  return { count: (text) => (text === '' ? 0 : active.encode_ordinary(text).length) };
}
