/** Written currency forms → ISO 4217 code; longer forms first so `A$` wins over `$`. */
const CURRENCY_FORMS: readonly [string, string][] = [
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['C$', 'CAD'],
  ['CA$', 'CAD'],
  ['US$', 'USD'],
  ['S$', 'SGD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['R$', 'BRL'],
  ['€', 'EUR'],
  ['$', 'USD'],
  ['£', 'GBP'],
  ['₹', 'INR'],
  ['¥', 'JPY'],
  ['zł', 'PLN'],
  ['euros', 'EUR'],
  ['euro', 'EUR'],
  ['dollars', 'USD'],
  ['pounds', 'GBP'],
  ['rupees', 'INR'],
  ['yen', 'JPY'],
];

/** ISO codes recognised when written out (EUR, usd, CHF …). */
const ISO_CODES = [
  'EUR',
  'USD',
  'GBP',
  'INR',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'SGD',
  'NZD',
  'ZAR',
  'BRL',
  'MXN',
  'CNY',
  'HKD',
  'CZK',
  'HUF',
  'RON',
  'AED',
  'ILS',
  'TRY',
  'KRW',
];

const escape = (s: string) => s.replace(/[$]/g, '\\$');

/** Regex source for any currency form. */
export const CURRENCY_PATTERN = `(?:${[
  ...CURRENCY_FORMS.map(([form]) => (/^[a-z]/.test(form) ? `\\b${form}\\b` : escape(form))),
  ...ISO_CODES.map((code) => `\\b${code}\\b`),
].join('|')})`;

const BY_FORM = new Map<string, string>([
  ...CURRENCY_FORMS.map(([form, code]) => [form.toLowerCase(), code] as const),
  ...ISO_CODES.map((code) => [code.toLowerCase(), code] as const),
]);

/** The ISO code of a written currency form. */
export function currencyCode(form: string | undefined): string | undefined {
  return form === undefined ? undefined : BY_FORM.get(form.toLowerCase());
}

const ANY_CURRENCY = new RegExp(CURRENCY_PATTERN, 'giu');

/** The one currency a text names, if it names exactly one (a fallback for "50k plus commission USD"). */
export function onlyCurrencyIn(text: string): string | undefined {
  const codes = new Set([...text.matchAll(ANY_CURRENCY)].map((m) => currencyCode(m[0])));
  return codes.size === 1 ? [...codes][0] : undefined;
}
