import type { EmploymentType } from '../../../domain/requirements/requirement-values.js';

const TYPES: readonly [EmploymentType, RegExp][] = [
  ['full_time', /\b(?:full[- ]?time|vollzeit|jornada completa|tiempo completo|temps plein|voltijd)\b/iu],
  ['part_time', /\b(?:part[- ]?time|teilzeit|media jornada|tiempo parcial|temps partiel|deeltijd)\b/iu],
  [
    'contract',
    /\b(?:contract(?:or|ing)?(?:[- ]to[- ]hire)?|day rate|outside ir35|inside ir35)\b(?<!(?:permanent|full[- ]?time|part[- ]?time|employment|fixed[- ]term)\s+contract)/iu,
  ],
  ['freelance', /\b(?:freelance[rs]?|self[- ]employed|freiberufl\w*|autónomo|indépendant|1099)\b/iu],
  ['permanent', /\b(?:permanent|perm|cdi|indefinido|unbefristet|vaste baan|festanstellung)\b/iu],
  ['temporary', /\b(?:temporary|temp|seasonal|fixed[- ]term|befristet|cdd)\b/iu],
  ['internship', /\b(?:internship|praktikum|stage de fin|werkstudent)\b/iu],
];

const NEGATION = /\b(?:not|no|non)[- ]$/i;

/** Employment types stated in a message, in a stable order; a negated one ("not contract") is skipped. */
export function extractEmploymentTypes(text: string): EmploymentType[] {
  const found: EmploymentType[] = [];
  for (const [type, pattern] of TYPES) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (NEGATION.test(text.slice(Math.max(0, match.index - 5), match.index))) continue;
    found.push(type);
  }
  return found;
}
