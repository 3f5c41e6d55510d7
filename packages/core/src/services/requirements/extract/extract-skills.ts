import type { Skill } from '../../../domain/requirements/requirement-values.js';
import type { SkillMatcher, SkillMention } from '../vocabulary/skill-matcher.js';
import { headerMode, isHeading, NEGATION, NICE_MARKER, type SkillMode } from './skill-markers.js';

/** Skills of one message sorted into the profile's lists. */
export interface SkillsFound {
  must: Skill[];
  nice: Skill[];
  exclude: Skill[];
  soft: string[];
}

/** A piece of text whose skills share one mode: split at sentence ends, commas, "but" and dashes. */
interface Piece {
  start: number;
  text: string;
  mode: SkillMode | undefined;
}

const SENTENCE = /(?:[^.;!?\n]|[.;!?](?=\S))+[.;!?]?/g;
const PIECE = /[^,]+?(?=,|\s+but\s|\s+aber\s|\s+mais\s|\s+pero\s|\s+[—–]\s+|\s+-\s+|$)/gi;

/**
 * Splits a message into pieces with the mode their markers set: a heading line ("Nice to have")
 * governs the bullets under it, an inline header ("Bonus: Go, Rust") its sentence, and a marker
 * inside a piece ("pandas is a bonus") that piece.
 */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let section: SkillMode | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const bullet = /^\s*(?:[-*•·]|\d+[.)])\s/.test(line);
    if (isHeading(line))
      section =
        headerMode(`${line.trim().replace(/:?$/, ':')}`) ?? (NICE_MARKER.test(line) ? 'nice' : undefined);
    else if (!bullet) section = undefined;
    for (const sentence of line.matchAll(SENTENCE)) {
      const sentenceMode = headerMode(sentence[0]);
      for (const piece of sentence[0].matchAll(PIECE)) {
        const mode = NICE_MARKER.test(piece[0]) ? 'nice' : (sentenceMode ?? (bullet ? section : undefined));
        out.push({ start: lineStart + sentence.index + piece.index, text: piece[0], mode });
      }
    }
  }
  return out;
}

/** True when a negation word stands before `offset` in its piece. */
function negated(piece: Piece, offset: number): boolean {
  return [...piece.text.slice(0, offset).matchAll(NEGATION)].length > 0;
}

/**
 * Sorts the vocabulary skills of a message into must-have, nice-to-have and excluded (negations
 * win over markers), soft skills apart; `minYears` attaches years stated right before a skill.
 */
export function extractSkills(
  text: string,
  matcher: SkillMatcher,
  yearsBefore: (mention: SkillMention) => number | undefined,
): SkillsFound {
  const found: SkillsFound = { must: [], nice: [], exclude: [], soft: [] };
  const seen = new Set<string>();
  const all = pieces(text);
  for (const mention of matcher.find(text)) {
    const piece = all.findLast((p) => p.start <= mention.start) ?? { start: 0, text, mode: undefined };
    const mode: SkillMode = negated(piece, mention.start - piece.start) ? 'exclude' : (piece.mode ?? 'must');
    const name = mention.entry.name;
    if (seen.has(name)) continue;
    seen.add(name);
    if (mention.entry.kind === 'soft') {
      if (mode !== 'exclude') found.soft.push(name);
      continue;
    }
    const years = mode === 'exclude' ? undefined : yearsBefore(mention);
    found[mode].push(years === undefined ? { name } : { name, minYears: years });
  }
  return found;
}
