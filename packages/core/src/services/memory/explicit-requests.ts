import { interpretStatement, type MemoryCandidate } from './memory-statement.js';

/** What a user message explicitly asks of memory: things to remember, things to forget, or everything to forget. */
export interface ExplicitRequests {
  remember: MemoryCandidate[];
  /** The words after "forget (that)…", one per request. */
  forget: string[];
  forgetAll: boolean;
}

const END = String.raw`(?=[.!?;](?:\s|$)|$|\n)`;
// "remember that…", "please remember: …" — but not "do you remember…" (a question, not a request).
const REMEMBER = new RegExp(String.raw`(?<!\byou\s)\bremember(?:\s+that|\s*:)\s+(.+?)${END}`, 'gimu');
const FROM_NOW_ON = new RegExp(String.raw`\bfrom now on,?\s+(.+?)${END}`, 'gimu');
const FORGET = new RegExp(
  String.raw`(?<!\bnot\s|\bdon't\s|\bnever\s)\bforget\s+(?:that\s+|about\s+|what\s+i\s+said\s+about\s+)?(.+?)${END}`,
  'gimu',
);
const EVERYTHING = /^(?:everything|all of it|all that|it all)\b/i;

/**
 * The explicit memory requests in a user message (R9.1), recognised without a model: "remember
 * that…", "from now on…", "forget that…", "forget everything".
 *
 * @example explicitRequests('From now on, always use EUR.') // remember: [{ kind: 'preference', key: 'currency', value: 'EUR' }]
 */
export function explicitRequests(message: string): ExplicitRequests {
  const remember: MemoryCandidate[] = [];
  for (const pattern of [REMEMBER, FROM_NOW_ON]) {
    for (const match of message.matchAll(pattern)) {
      if (match[1]) remember.push(...interpretStatement(match[1]));
    }
  }
  const forget: string[] = [];
  let forgetAll = false;
  for (const match of message.matchAll(FORGET)) {
    const what = match[1]?.trim();
    if (!what) continue;
    if (EVERYTHING.test(what)) forgetAll = true;
    else forget.push(what);
  }
  return { remember, forget, forgetAll };
}
