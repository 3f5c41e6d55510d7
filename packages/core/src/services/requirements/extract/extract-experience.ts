import type { Experience } from '../../../domain/requirements/requirement-values.js';
import { numberPattern, parseNumber } from './number-words.js';

/** "years" in English (with typos), German, French, Spanish, Dutch. */
const YEARS = String.raw`(?:years?|yrs?|yeras|yaers|yers|ys|jahre?n?|ans?|años?|anos|jaar)\b`;
const RANGE_SEP = String.raw`\s*(?:-|–|—|to|tot|bis|à|a|y)\s*`;

/** A statement of years, where it ends, and its bounds. */
export interface YearsMention {
  years: Experience;
  start: number;
  end: number;
}

type Pattern = [RegExp, (m: RegExpExecArray) => Experience | undefined];
let compiled: readonly Pattern[] | undefined;

/** The years patterns, compiled on first use (the number words load lazily). */
function patterns(): readonly Pattern[] {
  if (compiled) return compiled;
  const N = `(${numberPattern()})`;
  compiled = [
    [new RegExp(`${N}${RANGE_SEP}${N}\\s*${YEARS}`, 'giu'), (m) => range(m[1], m[2])],
    [
      new RegExp(
        String.raw`\b(?:at least|minimum(?: of)?|min\.?|over|more than|mindestens|au moins|al menos)\s+${N}\s*\+?\s*${YEARS}`,
        'giu',
      ),
      (m) => bound('min', m[1]),
    ],
    [
      new RegExp(
        String.raw`\b(?:up to|at most|less than|under|max(?:imum)?(?: of)?)\s+${N}\s*${YEARS}`,
        'giu',
      ),
      (m) => bound('max', m[1]),
    ],
    [new RegExp(`${N}\\s*\\+\\s*${YEARS}`, 'giu'), (m) => bound('min', m[1])],
    [
      new RegExp(String.raw`${N}\s*${YEARS}\s*(?:\+|plus\b|or more\b|minimum\b|min\b|at least\b)`, 'giu'),
      (m) => bound('min', m[1]),
    ],
    [new RegExp(`${N}\\s*${YEARS}`, 'giu'), (m) => range(m[1], m[1])],
  ];
  return compiled;
}

/** Every years statement in the text, earliest first; overlapping weaker readings are dropped. */
export function findYears(text: string): YearsMention[] {
  const found: YearsMention[] = [];
  for (const [pattern, read] of patterns()) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      if (
        /\d/.test(text.charAt(start - 1)) ||
        /\d\s*[-–]\s*$/.test(text.slice(Math.max(0, start - 3), start))
      )
        continue;
      const years = read(match as RegExpExecArray);
      if (years) found.push({ years, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function bound(side: 'min' | 'max', raw: string | undefined): Experience | undefined {
  const value = raw === undefined ? undefined : parseNumber(raw);
  return value === undefined || value > 60 ? undefined : { [side]: value };
}

function range(low: string | undefined, high: string | undefined): Experience | undefined {
  const min = low === undefined ? undefined : parseNumber(low);
  const max = high === undefined ? undefined : parseNumber(high);
  if (min === undefined || max === undefined || max > 60) return undefined;
  return { min, max };
}
