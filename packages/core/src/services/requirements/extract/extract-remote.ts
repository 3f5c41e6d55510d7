import type { RemotePolicy } from '../../../domain/requirements/requirement-values.js';
import { numberPattern, parseNumber } from './number-words.js';

const NEGATED_REMOTE =
  /\b(?:not|no|non)[- ](?:remote|wfh)\b|\bremote (?:is )?not (?:possible|an option)\b|\bno home ?office\b/i;
const REMOTE =
  /\b(?:(?:fully|full|100%|completely)[- ])?remote(?:[- ]first| ok| possible| only)?\b|\bwork(?:ing)? from home\b|\bwfh\b(?! days?)|\btélétravail(?: complet)?|\bremoto\b|\bhome ?office\b|\bvolledig thuis|\bfrom anywhere\b/i;
const HYBRID = /\bhybri(?:d|de|do)\b/i;
const ONSITE =
  /\b(?:on[- ]?site|in[- ]office|office[- ]based|clinic[- ]based|in clinic|presencial|vor ort|sur site|sur place|in person|at our [\p{Lu}][\p{L}]+ (?:office|branch|site|clinic|store|restaurant|warehouse))\b|\b(?:must be|based) in our\b|\b[\p{Lu}][\p{L}]+ (?:office|branch)\b/iu;
const NO_OFFICE = /\bno office\b/i;
let compiledOfficeDays: readonly RegExp[] | undefined;

/** Office-days patterns, compiled on first use (the number words load lazily). */
function officeDayPatterns(): readonly RegExp[] {
  if (compiledOfficeDays) return compiledOfficeDays;
  const DAYS = `(${numberPattern()})`;
  compiledOfficeDays = [
    new RegExp(
      String.raw`\b${DAYS}\s*(?:days?|tage?n?|dagen|jours?|días)\s*(?:a week|per week|\/\s*week|\/w|a wk)?\s*(?:in (?:the |our )?|at (?:the |our )?)?(?:office|onsite|on[- ]site|büro|op kantoor|au bureau|en (?:la )?oficina|in [\p{Lu}][\p{L}]+|(?!WFH)[\p{Lu}]{2,})`,
      'u',
    ),
    new RegExp(String.raw`\b(?:office|onsite|on[- ]site)\s*${DAYS}\s*days?`, 'i'),
    new RegExp(
      String.raw`\bhybri(?:d|de|do)\b[^.;\n]{0,12}?\b${DAYS}\s*(?:days?|tage?n?|dagen|jours?|días)\b(?!\s*(?:wfh|from home|remote|thuis))`,
      'i',
    ),
    new RegExp(
      String.raw`\b${DAYS}\s*days?\s*(?:a|per|\/)\s*week\b[^.;\n]{0,20}\b(?:office|onsite|on[- ]site)`,
      'i',
    ),
  ];
  return compiledOfficeDays;
}
const WHOLE_WEEK = /\b(?:monday to friday|mon-fri|monday through friday|five days a week)\b/i;
const ONE_WEEKDAY = /\bevery (?:monday|tuesday|wednesday|thursday|friday)\b/i;

/**
 * Remote / hybrid / on-site and office days. Office days below five make a role hybrid; "remote or
 * hybrid" states no single policy; "not remote" is on-site.
 */
export function extractRemote(text: string): RemotePolicy | undefined {
  const days = officeDays(text);
  if (/\bremote or hybrid\b|\bhybrid or remote\b/i.test(text)) return undefined;
  const negated = NEGATED_REMOTE.test(text);
  const remote = !negated && REMOTE.test(text);
  const hybrid = HYBRID.test(text);
  const onsite = negated || (ONSITE.test(text) && !NO_OFFICE.test(text));
  const withDays = (policy: RemotePolicy['policy']): RemotePolicy =>
    days === undefined ? { policy } : { policy, officeDaysPerWeek: days };
  if (days !== undefined && days < 5 && (hybrid || onsite || !remote)) return withDays('hybrid');
  if (hybrid) return withDays('hybrid');
  if (days === 5) return withDays('onsite');
  if (onsite && !remote) return withDays('onsite');
  if (remote) return { policy: 'remote' };
  return onsite ? withDays('onsite') : undefined;
}

function officeDays(text: string): number | undefined {
  if (WHOLE_WEEK.test(text) && /\boffice|on[- ]?site\b/i.test(text)) return 5;
  for (const pattern of officeDayPatterns()) {
    const match = pattern.exec(text);
    const value = match?.[1] === undefined ? undefined : parseNumber(match[1]);
    if (value !== undefined && value >= 1 && value <= 5) return value;
  }
  if (ONE_WEEKDAY.test(text) && /\boffice\b/i.test(text)) return 1;
  return undefined;
}
