import type { PlainProfile } from '@parley/core';
import type { ExpectedProfile } from './corpus.js';

/** The fields the eval reports, in print order. */
export const EVAL_FIELDS = [
  'seniority',
  'years',
  'salary',
  'remote',
  'officeDays',
  'employmentType',
  'mustHave',
  'niceToHave',
  'excluded',
  'languages',
] as const;
export type EvalField = (typeof EVAL_FIELDS)[number];

/** True/false positives and false negatives of one field over the corpus. */
export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision, recall and F1 of a tally (1 when there was nothing to find and nothing was found). */
export function f1(t: Tally): { precision: number; recall: number; f1: number } {
  const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** A profile's evaluated fields in the corpus's plain form. */
export function toExpectedForm(profile: PlainProfile): ExpectedProfile {
  const names = (skills: { name: string }[] | undefined) => skills?.map((s) => s.name);
  return {
    seniority: profile.seniority,
    years: profile.experience,
    salary: profile.salary,
    remote: profile.remote?.policy,
    officeDays: profile.remote?.officeDaysPerWeek,
    employmentType: profile.employmentType,
    mustHave: names(profile.mustHaveSkills),
    niceToHave: names(profile.niceToHaveSkills),
    excluded: names(profile.excludedSkills),
    languages: profile.languages,
  };
}

const SET_FIELDS = new Set<EvalField>(['mustHave', 'niceToHave', 'excluded', 'languages']);

/** Adds one profile's outcome for every field to `tallies`; returns the fields it got wrong. */
export function scoreProfile(
  expected: ExpectedProfile,
  actual: ExpectedProfile,
  tallies: Record<EvalField, Tally>,
): EvalField[] {
  const wrong: EvalField[] = [];
  for (const field of EVAL_FIELDS) {
    const tally = tallies[field];
    const before = { ...tally };
    if (SET_FIELDS.has(field)) {
      const want = asSet(expected[field]);
      const got = asSet(actual[field]);
      for (const item of got)
        if (want.has(item)) tally.tp += 1;
        else tally.fp += 1;
      for (const item of want) if (!got.has(item)) tally.fn += 1;
    } else {
      const want = canonical(expected[field]);
      const got = canonical(actual[field]);
      if (want !== undefined && got === want) tally.tp += 1;
      else {
        if (got !== undefined) tally.fp += 1;
        if (want !== undefined) tally.fn += 1;
      }
    }
    if (tally.fp !== before.fp || tally.fn !== before.fn) wrong.push(field);
  }
  return wrong;
}

function asSet(value: unknown): Set<string> {
  if (!Array.isArray(value)) return new Set();
  return new Set(
    value.map((item: unknown) => (typeof item === 'string' ? item.toLowerCase() : (canonical(item) ?? ''))),
  );
}

/** A stable string for comparing values: sorted keys, sorted arrays, undefined dropped. */
function canonical(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return JSON.stringify([...value].map((v) => canonical(v)).sort());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify(Object.fromEntries(entries));
  }
  return String(value).toLowerCase();
}

/** Zeroed tallies for every field. */
export function emptyTallies(): Record<EvalField, Tally> {
  return Object.fromEntries(EVAL_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<EvalField, Tally>;
}
