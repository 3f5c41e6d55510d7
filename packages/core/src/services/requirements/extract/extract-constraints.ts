import type { Constraint } from '../../../domain/requirements/requirement-values.js';

const KINDS: readonly [Constraint['kind'], RegExp][] = [
  [
    'visa',
    /\b(?:visa(?: sponsorship)?|right to work|work permit|work authori[sz]ation|no sponsorship|green card|eu citizen(?:ship)?)\b/i,
  ],
  [
    'clearance',
    /\b(?:security clearance|sc clear(?:ed|ance)|dv clear(?:ed|ance)|top secret|ts\/sci|clearance)\b/i,
  ],
  [
    'travel',
    /\b(?:travel(?:ling|ing)?(?: up to)? ?\d*\s*%?|willing(?: ness)? to travel|business trips|reisebereitschaft)\b/i,
  ],
  [
    'education',
    /\b(?:bachelor'?s?|master'?s?|phd|doctorate|degree|bsc|msc|b\.sc|m\.sc|diploma|mba|abitur|licence|licenciatura)\b/i,
  ],
];

/** Visa, clearance, travel and education constraints, each with the sentence that states it. */
export function extractConstraints(text: string): Constraint[] {
  const found: Constraint[] = [];
  for (const sentence of text.split(/[.;!?\n]+/)) {
    for (const [kind, pattern] of KINDS) {
      if (pattern.test(sentence) && !found.some((c) => c.kind === kind))
        found.push({ kind, text: sentence.trim() });
    }
  }
  return found;
}
