import type { MemoryKind } from '../../domain/memory-item.js';

/** Something to remember, before it is stored: what kind, under which key, and the words it came from. */
export interface MemoryCandidate {
  kind: MemoryKind;
  key: string;
  value: string;
}

/** Keys of the preferences that become requirement defaults when a session starts (R9.3). */
export const DEFAULT_KEYS = { currency: 'currency', location: 'location', remote: 'remote_policy' } as const;

const CURRENCY_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\b(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CAD|AUD|JPY|INR|BRL)\b/, ''],
  [/€|\beuros?\b/i, 'EUR'],
  [/£|\bpounds?(?: sterling)?\b/i, 'GBP'],
  [/\$|\bdollars?\b/i, 'USD'],
];
const REMOTE_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\bhybrid\b/i, 'hybrid'],
  [/\b(?:on-?site|in the office|in-office)\b/i, 'onsite'],
  [/\bremote\b/i, 'remote'],
];
const LOCATION =
  /\b(?:we are|we're|i am|i'm|based|located|our office is|our offices are|hiring)\s+(?:based\s+|located\s+|mostly\s+)?in\s+(\p{Lu}[\p{L}'-]*(?:[ -]\p{Lu}[\p{L}'-]*)*)/u;
const STYLE =
  /\b(?:keep it|answers?|repl(?:y|ies)|respond|responses|be (?:brief|short|concise|formal|casual)|concise|bullet(?: points)?|tone|formal|informal|in (?:english|german|french|spanish|portuguese|italian|dutch))\b/i;

/**
 * What a remembered statement means: a default the requirement profile can use (currency,
 * location, remote policy), or else one note kept as the user's words (`style` for how to answer,
 * `fact` otherwise). Pure, no model: explicit requests must work without one.
 */
export function interpretStatement(text: string): MemoryCandidate[] {
  const statement = text.trim().replace(/\s+/g, ' ');
  const found: MemoryCandidate[] = [];
  const currency = matchFirst(CURRENCY_WORDS, statement);
  if (currency) found.push({ kind: 'preference', key: DEFAULT_KEYS.currency, value: currency });
  const remote = matchFirst(REMOTE_WORDS, statement);
  if (remote) found.push({ kind: 'preference', key: DEFAULT_KEYS.remote, value: remote });
  const location = LOCATION.exec(statement)?.[1];
  if (location) found.push({ kind: 'preference', key: DEFAULT_KEYS.location, value: location });
  if (found.length > 0) return found;
  const kind: MemoryKind = STYLE.test(statement) ? 'style' : 'fact';
  return [{ kind, key: noteKey(statement), value: statement }];
}

/** The key of a free-text note: its words, lower-cased, so restating it replaces rather than duplicates. */
export function noteKey(statement: string): string {
  return `note:${words(statement).join(' ').slice(0, 80)}`;
}

/** Lower-cased words of a text (letters and digits), for keys and matching. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function matchFirst(table: ReadonlyArray<[RegExp, string]>, text: string): string | undefined {
  for (const [pattern, value] of table) {
    const match = pattern.exec(text);
    if (match) return value || match[1]?.toUpperCase();
  }
  return undefined;
}
