import { createRuleExtractor } from '@parley/core/requirements';
import { ParleyError, PROFILE_FIELDS, type PlainProfile, type ProfileField } from '@parley/core';

const TEXT_FIELDS: readonly ProfileField[] = ['title', 'team', 'reportsTo'];
const TEXT_LISTS: readonly ProfileField[] = ['softSkills', 'locations', 'timeZones'];
const SKILL_LISTS: readonly ProfileField[] = ['mustHaveSkills', 'niceToHaveSkills', 'excludedSkills'];

/** A field named as the profile names it, case-insensitively (`musthaveskills` → `mustHaveSkills`). */
export function profileField(name: string): ProfileField {
  const field = PROFILE_FIELDS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!field) {
    throw new ParleyError(
      'VALIDATION_FAILED',
      `Unknown field ${name}. Fields: ${PROFILE_FIELDS.join(', ')}.`,
    );
  }
  return field;
}

/**
 * What `/requirements edit <field> <value>` sets: JSON as given; plain text for names; comma lists;
 * skills by their vocabulary names; other values read by the core's rule extractor ("5+ years",
 * "€70-90k", "hybrid 3 days", "German C1"), so the edit understands what the chat understands.
 */
export function requirementValue(field: ProfileField, text: string, now: Date): PlainProfile {
  const value = text.trim();
  if (value === '') throw new ParleyError('VALIDATION_FAILED', `Give a value for ${field}.`);
  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return { [field]: JSON.parse(value) as unknown } as PlainProfile;
    } catch {
      throw new ParleyError('VALIDATION_FAILED', `The value for ${field} is not valid JSON.`);
    }
  }
  if (TEXT_FIELDS.includes(field)) return { [field]: value } as PlainProfile;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (TEXT_LISTS.includes(field)) return { [field]: items } as PlainProfile;
  const rules = createRuleExtractor();
  if (SKILL_LISTS.includes(field)) {
    const skills = items.map((item) => {
      const read = rules.extract(item, now);
      const found = [
        ...(read.mustHaveSkills ?? []),
        ...(read.niceToHaveSkills ?? []),
        ...(read.excludedSkills ?? []),
      ];
      return found.length === 1 && found[0] ? found[0] : { name: item };
    });
    return { [field]: skills } as PlainProfile;
  }
  const read = rules.extract(value, now)[field];
  if (read === undefined) {
    throw new ParleyError(
      'VALIDATION_FAILED',
      `Could not read ${field} from "${value}"; say it as in the chat (e.g. "5+ years", "€70-90k", "hybrid 3 days") or give JSON.`,
    );
  }
  return { [field]: read } as PlainProfile;
}
