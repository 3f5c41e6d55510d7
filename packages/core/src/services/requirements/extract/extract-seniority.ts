import type { Seniority } from '../../../domain/requirements/requirement-values.js';

/** Written forms of each level (English, common typos, German, French, Spanish, Dutch). */
const LEVEL_PATTERNS: readonly [Seniority, RegExp][] = [
  [
    'intern',
    /\b(?:intern|interns|internship|trainee|werkstudent(?:in)?|praktikant(?:in)?|stagiaire|becario)\b/giu,
  ],
  [
    'junior',
    /\b(?:junior|jr\.?|juniour|jnr|entry[- ]level|graduate|new grad|débutant|berufseinsteiger(?:in)?|einsteiger)(?![\p{L}])/giu,
  ],
  ['mid', /\b(?:mid|mid[- ]?level|midlevel|medior|intermediate|mid[- ]senior)\b(?![- ]?\d)/giu],
  ['senior', /\b(?:senior|sr\.?|snr|senoir|seinor|sneior|seniour|confirmée?|expérimentée?)(?![\p{L}])/giu],
  ['lead', /\b(?:lead|team lead|tech lead)\b(?![- ](?:generation|times?|to|the|a|an|by|with|up|on)\b)/giu],
  [
    'staff',
    /\bstaff(?=[ -](?:software|ml|machine|data|backend|back-end|frontend|front-end|full[- ]?stack|platform|engineer|developer|scientist|designer|architect|sre|security|product|mobile|ios|android))/giu,
  ],
  ['principal', /\b(?:principal|distinguished)\b/giu],
  ['director', /\b(?:director|head of|vp of|vice president|directeur|directrice|leiter(?:in)?)\b/giu],
];

/**
 * The seniority a message states: the first level mentioned ("junior to mid" → junior). A level
 * right after a negation ("not junior") is skipped.
 */
export function extractSeniority(text: string): Seniority | undefined {
  let best: { level: Seniority; index: number } | undefined;
  for (const [level, pattern] of LEVEL_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const before = text.slice(Math.max(0, match.index - 5), match.index).toLowerCase();
      if (/\b(?:not|no)\s+$/.test(before)) continue;
      if (!best || match.index < best.index) best = { level, index: match.index };
      break;
    }
  }
  return best?.level;
}
