import type { SkillVocabulary, VocabularyEntry } from './skill-vocabulary.js';

/** A vocabulary skill found in a text, with its character range. */
export interface SkillMention {
  entry: VocabularyEntry;
  start: number;
  end: number;
}

/** Finds vocabulary skills in text: longest alias wins, one pass over the words. */
export interface SkillMatcher {
  find(text: string): SkillMention[];
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

// Words keep the characters names are made of (C#, C++, Node.js, PL/SQL, R&D, Cortex-M).
const WORD = /\.?[\p{L}\p{N}][\p{L}\p{N}#+&./'’-]*/gu;
const TRAILING = /[./'’&-]+$/;
const SPLITTABLE = /[/&-]/;

/** Splits text into words with their offsets, trimming trailing punctuation. */
function words(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0].replace(TRAILING, '');
    if (raw === '') continue;
    const start = match.index;
    out.push({ text: raw, lower: raw.toLowerCase(), start, end: start + raw.length });
  }
  return out;
}

/**
 * Compiles the vocabulary once into two maps keyed by the words of each alias (one folded to
 * lower case, one exact for case-sensitive aliases), so a 2,000-character message costs a few
 * hundred map lookups.
 */
export function createSkillMatcher(vocabulary: SkillVocabulary): SkillMatcher {
  const folded = new Map<string, VocabularyEntry>();
  const exact = new Map<string, VocabularyEntry>();
  // Every proper prefix of a key (in words), so a scan stops as soon as no alias can continue.
  const foldedPrefixes = new Set<string>();
  const exactPrefixes = new Set<string>();
  const knownWords = new Set<string>();
  for (const entry of vocabulary.entries) {
    for (const alias of entry.aliases) {
      const aliasWords = words(alias.text).map((w) => (alias.caseSensitive ? w.text : w.lower));
      if (aliasWords.length === 0) continue;
      for (const word of aliasWords) knownWords.add(word.toLowerCase());
      const [map, prefixes] = alias.caseSensitive ? [exact, exactPrefixes] : [folded, foldedPrefixes];
      for (let n = 1; n < aliasWords.length; n += 1) prefixes.add(aliasWords.slice(0, n).join(' '));
      const key = aliasWords.join(' ');
      if (!map.has(key)) map.set(key, entry);
    }
  }

  /** The longest alias starting at token `i` in one of the two maps: [entry, words used]. */
  const longestAt = (
    tokens: Token[],
    i: number,
    map: Map<string, VocabularyEntry>,
    prefixes: Set<string>,
    form: 'lower' | 'text',
  ): [VocabularyEntry, number] | undefined => {
    let key = '';
    let best: [VocabularyEntry, number] | undefined;
    for (let n = 1; i + n <= tokens.length; n += 1) {
      key = n === 1 ? tokens[i]![form] : `${key} ${tokens[i + n - 1]![form]}`;
      const entry = map.get(key);
      if (entry) best = [entry, n];
      if (!prefixes.has(key)) break;
    }
    return best;
  };

  /** A compound such as PHP/Laravel or Python-based is split unless the vocabulary knows it whole. */
  const tokenize = (text: string): Token[] =>
    words(text).flatMap((token) => {
      if (!SPLITTABLE.test(token.text) || knownWords.has(token.lower)) return [token];
      return words(token.text.replace(/[/&-]/g, ' ')).map((part) => ({
        ...part,
        start: token.start + part.start,
        end: token.start + part.end,
      }));
    });

  return {
    find(text) {
      const tokens = tokenize(text);
      const mentions: SkillMention[] = [];
      for (let i = 0; i < tokens.length;) {
        const a = longestAt(tokens, i, folded, foldedPrefixes, 'lower');
        const b = longestAt(tokens, i, exact, exactPrefixes, 'text');
        const hit = a && b ? (b[1] > a[1] ? b : a) : (a ?? b);
        if (hit) mentions.push({ entry: hit[0], start: tokens[i]!.start, end: tokens[i + hit[1] - 1]!.end });
        i += hit ? hit[1] : 1;
      }
      return mentions;
    },
  };
}
