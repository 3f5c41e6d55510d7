import type { PlainProfile, ProfileField } from '../../../domain/requirements/requirement-profile.js';
import { extractEmploymentTypes } from '../extract/extract-employment-type.js';
import { extractRemote } from '../extract/extract-remote.js';
import { extractSeniority } from '../extract/extract-seniority.js';
import { extractStartDate } from '../extract/extract-start-date.js';
import { parseNumber } from '../extract/number-words.js';
import { skillVocabulary } from '../vocabulary/skill-vocabulary.js';

const WORD = /[\p{L}\p{N}#+.]+/gu;

/**
 * Whether the model's value for a field appears in the message or follows from it (issue 10): a
 * model reading that is not is dropped, so the model cannot invent requirements.
 */
export function consistentWithText(
  field: ProfileField,
  value: unknown,
  text: string,
  reference: Date,
): boolean {
  const lower = text.toLowerCase();
  const v = value as PlainProfile[typeof field];
  switch (field) {
    case 'seniority':
      return extractSeniority(text) === v || lower.includes(String(v));
    case 'experience':
    case 'salary': {
      const bounds = [(v as { min?: number }).min, (v as { max?: number }).max].filter(
        (n) => n !== undefined,
      );
      return bounds.length > 0 && bounds.every((n) => numberAppears(n as number, text));
    }
    case 'remote': {
      const policy = (v as { policy: string }).policy;
      return extractRemote(text)?.policy === policy || lower.includes(policy === 'onsite' ? 'site' : policy);
    }
    case 'employmentType': {
      const stated = extractEmploymentTypes(text);
      return (v as string[]).every(
        (type) => stated.includes(type as never) || lower.includes(type.split('_')[0]!),
      );
    }
    case 'startDate':
      return extractStartDate(text, reference) === v;
    case 'mustHaveSkills':
    case 'niceToHaveSkills':
    case 'excludedSkills':
      return (v as { name: string }[]).every((skill) => skillAppears(skill.name, lower));
    case 'languages':
      return (v as { language: string }[]).every((l) => lower.includes(l.language.toLowerCase()));
    case 'constraints':
      return (v as { text: string }[]).every((c) => wordsAppear(c.text, lower));
    case 'softSkills':
    case 'locations':
    case 'timeZones':
      return (v as string[]).every((item) => wordsAppear(item, lower));
    default:
      return wordsAppear(String(v), lower);
  }
}

/** 70000 appears as "70000", "70,000", "70.000", "70 000", "70k" or "70"; 5 also as "five". */
function numberAppears(n: number, text: string): boolean {
  const numbers = new Set<number>();
  for (const match of text.matchAll(/\d{1,3}(?:[,. ]\d{3})+|\d+(?:[.,]\d+)?|[a-z]+/gi)) {
    const raw = match[0];
    const value = /^\d{1,3}(?:[,. ]\d{3})+$/.test(raw) ? Number(raw.replace(/[,. ]/g, '')) : parseNumber(raw);
    if (value !== undefined) numbers.add(value);
  }
  return [n, n / 1_000, n / 100_000, n / 1_000_000].some((candidate) => numbers.has(candidate));
}

function skillAppears(name: string, lower: string): boolean {
  const entry = skillVocabulary().byName(name);
  const forms = entry ? entry.aliases.map((a) => a.text.toLowerCase()) : [name.toLowerCase()];
  return forms.some((form) => lower.includes(form));
}

function wordsAppear(value: string, lower: string): boolean {
  const words = [...value.toLowerCase().matchAll(WORD)].map((m) => m[0]).filter((w) => w.length > 2);
  return words.length === 0 ? lower.includes(value.toLowerCase()) : words.some((w) => lower.includes(w));
}
