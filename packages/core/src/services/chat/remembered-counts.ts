import { LRUCache } from 'lru-cache';
import type { TokenCounter } from '../../ports/token-counter.js';

/** Characters of text remembered at most: a few megabytes, whatever the sources send. */
const REMEMBERED_CHARACTERS = 2_000_000;

/**
 * A counter that remembers the counts of the texts it saw. Context sources hand the builder much
 * the same text turn after turn (the session brief, retrieved lines, memory lines); counting each
 * once keeps tiktoken off most turns (R4.3: counts stored, not recounted). Texts larger than a
 * tenth of the bound are counted and not kept.
 */
export function rememberedCounts(counter: TokenCounter): TokenCounter {
  const counts = new LRUCache<string, number>({
    maxSize: REMEMBERED_CHARACTERS,
    maxEntrySize: REMEMBERED_CHARACTERS / 10,
    sizeCalculation: (_count, text) => Math.max(1, text.length),
  });
  return {
    count: (text) => {
      const known = counts.get(text);
      if (known !== undefined) return known;
      const count = counter.count(text);
      if (text.length <= REMEMBERED_CHARACTERS / 10) counts.set(text, count);
      return count;
    },
  };
}
