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
  const knownWords = new Set<string>();
  let longest = 1;
  for (const entry of vocabulary.entries) {
    for (const alias of entry.aliases) {
      const aliasWords = words(alias.text);
      if (aliasWords.length === 0) continue;
      longest = Math.max(longest, aliasWords.length);
      for (const word of aliasWords) knownWords.add(word.lower);
      if (alias.caseSensitive) exact.set(aliasWords.map((w) => w.text).join(' '), entry);
      else if (!folded.has(aliasWords.map((w) => w.lower).join(' ')))
        folded.set(aliasWords.map((w) => w.lower).join(' '), entry);
    }
  }

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
      for (let i = 0; i < tokens.length; ) {
        let matched = 0;
        for (let n = Math.min(longest, tokens.length - i); n >= 1 && matched === 0; n -= 1) {
          const span = tokens.slice(i, i + n);
          const entry =
            folded.get(span.map((t) => t.lower).join(' ')) ?? exact.get(span.map((t) => t.text).join(' '));
          if (entry) {
            mentions.push({ entry, start: span[0]!.start, end: span[n - 1]!.end });
            matched = n;
          }
        }
        i += matched || 1;
      }
      return mentions;
    },
  };
}
