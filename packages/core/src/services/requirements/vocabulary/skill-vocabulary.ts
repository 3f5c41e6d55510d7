import { SKILL_VOCABULARY_DATA } from './skill-vocabulary-data.js';

/** Categories whose entries are technologies: their release year bounds the years one can have. */
const TECHNOLOGY_CATEGORIES = new Set([
  'language',
  'frontend',
  'mobile',
  'backend',
  'database',
  'data',
  'ml',
  'cloud',
  'infrastructure',
  'embedded',
  'testing',
]);

/** One skill of the shipped vocabulary. */
export interface VocabularyEntry {
  /** Canonical name, the one stored in profiles. */
  name: string;
  category: string;
  /** First public release, for technologies only. */
  firstReleaseYear?: number;
  /** `soft` entries go to the profile's soft skills, the rest to the skill lists. */
  kind: 'technology' | 'skill' | 'soft';
  /** Written forms that match: lower-case unless `caseSensitive`. */
  aliases: { text: string; caseSensitive: boolean }[];
}

/** The vocabulary parsed once, with lookup by canonical name (case-insensitive). */
export interface SkillVocabulary {
  readonly entries: readonly VocabularyEntry[];
  byName(name: string): VocabularyEntry | undefined;
}

let shared: SkillVocabulary | undefined;

/** The shipped vocabulary, parsed on first use and shared afterwards. */
export function skillVocabulary(): SkillVocabulary {
  shared ??= parseVocabulary(SKILL_VOCABULARY_DATA);
  return shared;
}

/** Parses the `Name|year|alias;alias` format of `skill-vocabulary-data.ts`. */
export function parseVocabulary(data: string): SkillVocabulary {
  const entries: VocabularyEntry[] = [];
  let category = '';
  for (const raw of data.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      category = line.slice(1).trim();
      continue;
    }
    const [rawName = '', year = '', aliasList = ''] = line.split('|');
    const nameOnly = rawName.startsWith('~');
    const nameCase = rawName.startsWith('!');
    const name = rawName.replace(/^[~!]/, '');
    const aliases = aliasList
      .split(';')
      .filter((alias) => alias !== '')
      .map((alias) => ({ text: alias.replace(/^!/, ''), caseSensitive: alias.startsWith('!') }));
    if (!nameOnly) aliases.unshift({ text: name, caseSensitive: nameCase });
    const technology = TECHNOLOGY_CATEGORIES.has(category);
    entries.push({
      name,
      category,
      kind: category === 'soft' ? 'soft' : technology ? 'technology' : 'skill',
      aliases,
      ...(technology && year !== '' ? { firstReleaseYear: Number(year) } : {}),
    });
  }
  const index = new Map(entries.map((entry) => [entry.name.toLowerCase(), entry]));
  return { entries, byName: (name) => index.get(name.toLowerCase()) };
}
