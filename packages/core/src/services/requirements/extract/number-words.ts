import nlp from 'compromise';

/**
 * Number words ("five", "twelve") mapped to their values, spelled by compromise once at load so
 * years like "at least five years" read as 5 without a hand-written table.
 */
const WORDS: ReadonlyMap<string, number> = new Map(
  Array.from({ length: 31 }, (_, n) => [nlp(String(n)).numbers().toText().text().toLowerCase(), n] as const),
);

/** Regex source matching a digit number or one of the number words. */
export const NUMBER_PATTERN = `(?:\\d+(?:[.,]\\d+)?|${[...WORDS.keys()].sort((a, b) => b.length - a.length).join('|')})`;

/** The value of a digit string ("5", "2.5") or a number word; undefined when it is neither. */
export function parseNumber(text: string): number | undefined {
  const word = WORDS.get(text.toLowerCase());
  if (word !== undefined) return word;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}
