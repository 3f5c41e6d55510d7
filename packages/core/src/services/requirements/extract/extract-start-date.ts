import * as chrono from 'chrono-node';

const CUE =
  /\b(?:start(?:s|ing)?|begin(?:s|ning)?|available|join(?:ing)?|from|by|asap|as soon as possible|immediately|beginn|ab sofort|début)\b/i;
const NOW = /\b(?:asap|as soon as possible|immediately|ab sofort|right away)\b/i;

/**
 * The start date a message states, as YYYY-MM-DD, read by chrono-node from the sentence with a
 * start cue ("start in September" → the next September; "ASAP" → the reference day).
 */
export function extractStartDate(text: string, reference: Date): string | undefined {
  for (const sentence of text.split(/[.;!?\n]+/)) {
    if (!CUE.test(sentence)) continue;
    if (NOW.test(sentence)) return isoDay(reference);
    const dated = chrono
      .parse(sentence, reference, { forwardDate: true })
      .find((r) => r.start.isCertain('month') || r.start.isCertain('day') || r.start.isCertain('weekday'));
    if (dated) return isoDay(dated.start.date());
  }
  return undefined;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
