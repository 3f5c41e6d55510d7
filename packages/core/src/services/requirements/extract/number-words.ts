import { createRequire } from 'node:module';
import type nlpType from 'compromise';

type Nlp = typeof nlpType;

let words: ReadonlyMap<string, number> | undefined;

/**
 * Number words ("five", "twelve") mapped to their values, spelled by compromise so years like "at
 * least five years" read as 5 without a hand-written table. Loaded on the first extraction, not at
 * import: compromise takes about a second to load, which every `parley` command would otherwise pay.
 */
function numberWords(): ReadonlyMap<string, number> {
  if (!words) {
    const nlp = createRequire(import.meta.url)('compromise') as Nlp;
    words = new Map(
      Array.from(
        { length: 31 },
        (_, n) => [nlp(String(n)).numbers().toText().text().toLowerCase(), n] as const,
      ),
    );
  }
  return words;
}

/** Regex source matching a digit number or one of the number words. */
export function numberPattern(): string {
  const spelled = [...numberWords().keys()].sort((a, b) => b.length - a.length).join('|');
  return `(?:\\d+(?:[.,]\\d+)?|${spelled})`;
}

/** The value of a digit string ("5", "2.5") or a number word; undefined when it is neither. */
export function parseNumber(text: string): number | undefined {
  const word = numberWords().get(text.toLowerCase());
  if (word !== undefined) return word;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}
