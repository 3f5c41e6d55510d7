import type { MemoryItem } from '../../domain/memory-item.js';
import { interpretStatement, words } from './memory-statement.js';

const STOP = new Set(
  'a an the that this we our i my me you your is are am be to of in on for and or it always from now use'.split(
    ' ',
  ),
);
const meaningful = (text: string): string[] => words(text).filter((word) => !STOP.has(word));

/**
 * The items a "forget …" request means: the same default ("forget the currency", "forget that we
 * are in Lisbon"), or a note whose meaningful words the request repeats, or the other way round.
 */
export function forgetMatches(items: readonly MemoryItem[], request: string): MemoryItem[] {
  const keys = new Set(
    interpretStatement(request)
      .filter((candidate) => !candidate.key.startsWith('note:'))
      .map((candidate) => candidate.key),
  );
  const asked = meaningful(request);
  const named = new Set(words(request));
  return items.filter((item) => {
    if (keys.has(item.key) || item.key.split('_').every((part) => named.has(part))) return true;
    const remembered = meaningful(item.value);
    if (asked.length === 0 || remembered.length === 0) return false;
    const inRequest = new Set(asked);
    const inItem = new Set(remembered);
    return remembered.every((word) => inRequest.has(word)) || asked.every((word) => inItem.has(word));
  });
}
