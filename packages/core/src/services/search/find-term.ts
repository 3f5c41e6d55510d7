/**
 * Whether `text` mentions `term` as a whole word, case-insensitively: `Go` matches "Go developer",
 * not "Google"; terms with symbols (`C++`, `Node.js`) match as written.
 */
export function mentions(text: string, term: string): boolean {
  const trimmed = term.trim();
  if (trimmed === '') return false;
  const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}
