import { createRequire } from 'node:module';
import type { Tiktoken, TiktokenEncoding, get_encoding as GetEncoding } from 'tiktoken';
import type { TokenCounter } from '../../ports/token-counter.js';

const require = createRequire(import.meta.url);
const encoders = new Map<TiktokenEncoding, Tiktoken>();

/**
 * Token counter over tiktoken's own WASM encoder, the reference the default counter
 * (`createGptTokenizerCounter`, the same `o200k_base` counts) is held to; pass it as
 * `createParley({ tokenCounter })` to count with it, or with another of tiktoken's encodings.
 * The WASM module loads on the first call (about 0.4 s and 90 MB resident), not on import of the
 * adapters, and each encoder is built once per process.
 */
export function createTiktokenCounter(encoding: TiktokenEncoding = 'o200k_base'): TokenCounter {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    const { get_encoding } = require('tiktoken') as { get_encoding: typeof GetEncoding };
    encoder = get_encoding(encoding);
    encoders.set(encoding, encoder);
  }
  const active = encoder;
  return { count: (text) => (text === '' ? 0 : active.encode_ordinary(text).length) };
}
