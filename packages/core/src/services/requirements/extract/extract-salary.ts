import type { Salary } from '../../../domain/requirements/requirement-values.js';
import { CURRENCY_PATTERN, currencyCode, onlyCurrencyIn } from './currencies.js';

const AMOUNT = String.raw`\d{1,3}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d+(?:[.,]\d{1,2})?`;
const MULTIPLIER = String.raw`(?:k|K|M|mn|LPA|lpa|lakhs?|lacs?|crores?|L)(?![\p{L}])`;
const side = (n: number) =>
  String.raw`(?<cur${n}a>${CURRENCY_PATTERN})?\s?(?<amt${n}>${AMOUNT})\s?(?<mul${n}>${MULTIPLIER})?\s?(?<cur${n}b>${CURRENCY_PATTERN})?`;
const QUALIFIER = String.raw`(?<qual>up to|upto|max(?:imum)?|from|starting (?:at|from)|at least|min(?:imum)?|between|bis zu|jusqu'à|hasta)\s+`;
const SEPARATOR = String.raw`\s*(?<sep>-|–|—|to|and|bis|à|a|tot|y)\s*`;
const SALARY = new RegExp(`(?:${QUALIFIER})?${side(1)}(?:${SEPARATOR}${side(2)})?`, 'gu');

const CONTEXT =
  /\b(?:salary|salario|salaire|gehalt|budget|pay|paying|comp|compensation|base|rate|tjm|sueldo|lohn)\b[^.\n]{0,25}$/i;
const NOT_MONEY_AFTER =
  /^\s*(?:\+|years?|yrs?|days?|hours?|hrs?|weeks?|months?|people|employees|engineers|%|x\b)/i;
const PER_OTHER = /^\s*(?:per|a|\/)\s*(?:word|page|article|unit|piece)\b/i;

const PERIODS: readonly [Salary['period'], RegExp][] = [
  [
    'hour',
    /^\s*(?:\/\s*(?:h|hr|hour|hora|std)\b|per hour|an hour|hourly|pro stunde|de l'heure|la hora|p\/h|ph\b)/i,
  ],
  ['day', /^\s*(?:\/\s*(?:d|day|jour|tag)\b|per day|a day|daily|day rate|par jour|pro tag|al día)/i],
  [
    'month',
    /^\s*(?:\/\s*(?:mo|month|mois|monat|mes)\b|per month|a month|monthly|per maand|im monat|pro monat|monatlich|par mois|al mes|mensuales?|brutto im monat)/i,
  ],
  [
    'year',
    /^\s*(?:\/\s*(?:yr|year|y|an|jahr|año)\b|per year|a year|per annum|p\.?a\.?(?![\p{L}])|annually|yearly|annual|brutos? anuales?|par an|im jahr|pro jahr|jährlich|al año|per jaar|total comp|base|lpa)/iu,
  ],
];

interface Side {
  amount: number;
  multiplier: number;
  currency?: string;
  lpa: boolean;
}

/**
 * The pay range a message states, in the written forms recruiters use ("€70–90k",
 * "$120,000-$150,000 a year", "up to £90K", "₹25 LPA", "70k to 90k EUR", "3.200 € im Monat").
 * A number counts as money when it has a currency, a k/lakh multiplier or a salary word before it;
 * the last such statement in the message wins ("40k? no — 50k").
 */
export function extractSalary(text: string): Salary | undefined {
  let found: Salary | undefined;
  for (const match of text.matchAll(SALARY)) {
    const salary = readSalary(text, match);
    if (salary) found = salary;
  }
  if (found && found.currency === undefined) {
    const only = onlyCurrencyIn(text);
    if (only) found = { ...found, currency: only };
  }
  return found;
}

function readSalary(text: string, match: RegExpMatchArray): Salary | undefined {
  const g = match.groups ?? {};
  const start = (match.index ?? 0) + match[0].length - match[0].trimStart().length;
  if (/\d[.,]?$/.test(text.slice(Math.max(0, start - 2), start))) return undefined;
  let first = readSide(g.amt1, g.mul1, g.cur1a ?? g.cur1b);
  let second = g.amt2 === undefined ? undefined : readSide(g.amt2, g.mul2, g.cur2a ?? g.cur2b);
  const qualifier = g.qual?.toLowerCase();
  if (!first) return undefined;
  let end = (match.index ?? 0) + match[0].length;
  if (second && g.sep?.toLowerCase() === 'and' && qualifier !== 'between') {
    second = undefined;
    end = (match.index ?? 0) + match[0].indexOf(g.sep ?? '');
  }
  if (second && first.multiplier === 1 && second.multiplier > 1 && first.amount < second.amount)
    first = { ...first, multiplier: second.multiplier, lpa: second.lpa };
  const after = text.slice(end, end + 30);
  const currency = first.currency ?? second?.currency;
  const multiplied = first.multiplier > 1 || (second?.multiplier ?? 1) > 1;
  const inContext = CONTEXT.test(text.slice(Math.max(0, start - 40), start));
  if (!currency && !multiplied && !inContext) return undefined;
  if (PER_OTHER.test(after)) return undefined;
  if (!currency && NOT_MONEY_AFTER.test(after)) return undefined;
  const low = first.amount * first.multiplier;
  const high = second ? second.amount * second.multiplier : low;
  const lpa = first.lpa || second?.lpa === true;
  const period =
    PERIODS.find(([, pattern]) => pattern.test(after))?.[0] ?? (lpa ? 'year' : defaultPeriod(high));
  const salary: Salary = { period, ...(currency ? { currency } : lpa ? { currency: 'INR' } : {}) };
  if (
    qualifier === 'up to' ||
    qualifier === 'upto' ||
    qualifier?.startsWith('max') ||
    qualifier === 'bis zu' ||
    qualifier === "jusqu'à" ||
    qualifier === 'hasta'
  )
    return { ...salary, max: high };
  if (
    !second &&
    (qualifier === 'from' ||
      qualifier?.startsWith('starting') ||
      qualifier === 'at least' ||
      qualifier?.startsWith('min'))
  )
    return { ...salary, min: low };
  return { ...salary, min: low, max: high };
}

function readSide(
  amount: string | undefined,
  multiplier: string | undefined,
  currency: string | undefined,
): Side | undefined {
  if (amount === undefined) return undefined;
  const value = parseAmount(amount);
  if (value === undefined) return undefined;
  const m = multiplier?.toLowerCase();
  const factor =
    m === undefined
      ? 1
      : m === 'k'
        ? 1_000
        : m === 'm' || m === 'mn'
          ? 1_000_000
          : m.startsWith('crore')
            ? 10_000_000
            : 100_000;
  return {
    amount: value,
    multiplier: factor,
    lpa: m === 'lpa',
    ...(currency ? { currency: currencyCode(currency) } : {}),
  };
}

/** "80.000", "80,000" and "80 000" are thousands; "2.5" and "0,15" are decimals. */
function parseAmount(raw: string): number | undefined {
  if (/^\d{1,3}(?:[,.\u00a0 ]\d{3})+$/.test(raw)) return Number(raw.replace(/[,.\u00a0 ]/g, ''));
  const value = Number(raw.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** Without a stated period: yearly for salary-sized figures, monthly for mid-sized, else day or hour rates. */
function defaultPeriod(amount: number): Salary['period'] {
  if (amount >= 15_000) return 'year';
  if (amount >= 1_000) return 'month';
  return amount >= 200 ? 'day' : 'hour';
}
