import type { LanguageRequirement } from '../../../domain/requirements/requirement-values.js';

/** Language names as written in English and in the language itself → the English name. */
const LANGUAGES: Record<string, string> = {
  english: 'English',
  englisch: 'English',
  anglais: 'English',
  inglés: 'English',
  ingles: 'English',
  engels: 'English',
  german: 'German',
  deutsch: 'German',
  allemand: 'German',
  alemán: 'German',
  duits: 'German',
  french: 'French',
  français: 'French',
  francais: 'French',
  französisch: 'French',
  francés: 'French',
  frans: 'French',
  spanish: 'Spanish',
  español: 'Spanish',
  espanol: 'Spanish',
  spanisch: 'Spanish',
  espagnol: 'Spanish',
  castellano: 'Spanish',
  italian: 'Italian',
  italiano: 'Italian',
  italienisch: 'Italian',
  portuguese: 'Portuguese',
  português: 'Portuguese',
  dutch: 'Dutch',
  nederlands: 'Dutch',
  niederländisch: 'Dutch',
  flemish: 'Dutch',
  japanese: 'Japanese',
  chinese: 'Chinese',
  mandarin: 'Chinese',
  cantonese: 'Cantonese',
  korean: 'Korean',
  arabic: 'Arabic',
  hindi: 'Hindi',
  russian: 'Russian',
  polish: 'Polish',
  polski: 'Polish',
  swedish: 'Swedish',
  svenska: 'Swedish',
  norwegian: 'Norwegian',
  danish: 'Danish',
  finnish: 'Finnish',
  turkish: 'Turkish',
  greek: 'Greek',
  hebrew: 'Hebrew',
  czech: 'Czech',
  hungarian: 'Hungarian',
  romanian: 'Romanian',
  ukrainian: 'Ukrainian',
  vietnamese: 'Vietnamese',
  thai: 'Thai',
  indonesian: 'Indonesian',
  malay: 'Malay',
  tagalog: 'Tagalog',
  bengali: 'Bengali',
  urdu: 'Urdu',
  tamil: 'Tamil',
  persian: 'Persian',
  farsi: 'Persian',
  catalan: 'Catalan',
};

const LEVELS: readonly [LanguageRequirement['level'] & string, RegExp][] = [
  ['native', /\b(?:native|mother tongue|muttersprach\w*|langue maternelle|nativo|moedertaal)\b/iu],
  [
    'fluent',
    /\b(?:fluent|fluently|fluency|fließend|fliessend|courant|couramment|fluido|vloeiend|bilingual)\b/iu,
  ],
  [
    'professional',
    /\b(?:business[- ]level|business fluent|professional|working proficiency|verhandlungssicher|full professional)\b/iu,
  ],
  ['conversational', /\b(?:conversational|intermediate|good command|gute kenntnisse)\b/iu],
  ['basic', /\b(?:basic|elementary|grundkenntnisse|notions)\b/iu],
];
const CEFR = /\b([ABC][12])\b/;
const SPEAKING =
  /\b(?:speak|speaks|speaking|speaker|spoken|language|languages|sprache|langue|idioma)\b|-speaking/i;
const NAME = new RegExp(`(?<![\\p{L}])(${Object.keys(LANGUAGES).join('|')})(?![\\p{L}])`, 'giu');

/**
 * Languages required, with the level written next to them. A language name counts only beside a
 * level or a word like "speak"/"language", so "French cuisine" is not French.
 */
export function extractLanguages(text: string): LanguageRequirement[] {
  const found = new Map<string, LanguageRequirement>();
  for (const match of text.matchAll(NAME)) {
    const language = LANGUAGES[match[1]!.toLowerCase()]!;
    const { window, offset } = clause(text, match.index, match.index + match[0].length);
    const cefr = CEFR.exec(window)?.[1] as LanguageRequirement['level'] | undefined;
    const level = cefr ?? nearestLevel(window, offset);
    if (level === undefined && !SPEAKING.test(window)) continue;
    if (!found.has(language)) found.set(language, level ? { language, level } : { language });
  }
  return [...found.values()];
}

/** The level written closest to the language (offset = where the language starts in `window`). */
function nearestLevel(window: string, offset: number): LanguageRequirement['level'] | undefined {
  let best: { level: LanguageRequirement['level']; distance: number } | undefined;
  for (const [level, pattern] of LEVELS) {
    const match = pattern.exec(window);
    if (!match) continue;
    const distance = Math.abs(match.index - offset);
    if (!best || distance < best.distance) best = { level, distance };
  }
  return best?.level;
}

/** The words around a mention up to 40 characters either side, not crossing a sentence end. */
function clause(text: string, start: number, end: number): { window: string; offset: number } {
  const before =
    text
      .slice(Math.max(0, start - 40), start)
      .split(/[.;!?\n]/)
      .pop() ?? '';
  const after = text.slice(end, end + 40).split(/[.;!?\n]/)[0] ?? '';
  return { window: `${before}${text.slice(start, end)}${after}`, offset: before.length };
}
