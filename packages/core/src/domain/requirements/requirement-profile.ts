import { z } from 'zod';
import { sourced } from './provenance.js';
import {
  constraintSchema,
  employmentTypeSchema,
  experienceSchema,
  languageSchema,
  remoteSchema,
  salarySchema,
  senioritySchema,
  skillSchema,
} from './requirement-values.js';

/** Fields holding one value: a newer statement replaces the older one. */
export const SCALAR_FIELDS = [
  'title',
  'seniority',
  'experience',
  'remote',
  'employmentType',
  'salary',
  'startDate',
  'team',
  'reportsTo',
] as const;

/** Fields holding a list: new statements add to them (skills also move between the three skill lists). */
export const LIST_FIELDS = [
  'mustHaveSkills',
  'niceToHaveSkills',
  'excludedSkills',
  'softSkills',
  'locations',
  'timeZones',
  'languages',
  'constraints',
] as const;

export const PROFILE_FIELDS = [...SCALAR_FIELDS, ...LIST_FIELDS] as const;
export const profileFieldSchema = z.enum(PROFILE_FIELDS);
/** A field of the profile, as named in edits, locks, conflicts and questions. */
export type ProfileField = z.infer<typeof profileFieldSchema>;
export type ScalarField = (typeof SCALAR_FIELDS)[number];
export type ListField = (typeof LIST_FIELDS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const text = z.string().trim().min(1).max(300);

/** The plain value of each field, without provenance: what a user edit sets and the model proposes. */
export const fieldValueSchemas = {
  title: text,
  seniority: senioritySchema,
  experience: experienceSchema,
  remote: remoteSchema,
  employmentType: z.array(employmentTypeSchema).min(1),
  salary: salarySchema,
  startDate: isoDate,
  team: text,
  reportsTo: text,
  mustHaveSkills: z.array(skillSchema),
  niceToHaveSkills: z.array(skillSchema),
  excludedSkills: z.array(skillSchema),
  softSkills: z.array(text),
  locations: z.array(text),
  timeZones: z.array(text),
  languages: z.array(languageSchema),
  constraints: z.array(constraintSchema),
} as const satisfies Record<ProfileField, z.ZodType>;

/** Values for some fields, as plain data (the body of a user edit, the model's proposal). */
export const plainProfileSchema = z
  .object(
    Object.fromEntries(PROFILE_FIELDS.map((f) => [f, fieldValueSchemas[f].optional()])) as {
      [F in ProfileField]: z.ZodOptional<(typeof fieldValueSchemas)[F]>;
    },
  )
  .strict();
export type PlainProfile = z.infer<typeof plainProfileSchema>;

/**
 * The living hiring profile of a session (R7.1): every value carries its provenance. Scalars are
 * absent until stated; lists start empty.
 */
export const requirementProfileSchema = z.object({
  title: sourced(fieldValueSchemas.title).optional(),
  seniority: sourced(senioritySchema).optional(),
  experience: sourced(experienceSchema).optional(),
  remote: sourced(remoteSchema).optional(),
  employmentType: sourced(fieldValueSchemas.employmentType).optional(),
  salary: sourced(salarySchema).optional(),
  startDate: sourced(isoDate).optional(),
  team: sourced(text).optional(),
  reportsTo: sourced(text).optional(),
  mustHaveSkills: z.array(sourced(skillSchema)),
  niceToHaveSkills: z.array(sourced(skillSchema)),
  excludedSkills: z.array(sourced(skillSchema)),
  softSkills: z.array(sourced(text)),
  locations: z.array(sourced(text)),
  timeZones: z.array(sourced(text)),
  languages: z.array(sourced(languageSchema)),
  constraints: z.array(sourced(constraintSchema)),
});
export type RequirementProfile = z.infer<typeof requirementProfileSchema>;

/** A profile with nothing stated yet. */
export function emptyProfile(): RequirementProfile {
  return {
    mustHaveSkills: [],
    niceToHaveSkills: [],
    excludedSkills: [],
    softSkills: [],
    locations: [],
    timeZones: [],
    languages: [],
    constraints: [],
  };
}

/** The profile's values without provenance: for prompts, exports and comparisons. */
export function toPlainProfile(profile: RequirementProfile): PlainProfile {
  const plain: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) {
    const entry = profile[field];
    if (entry) plain[field] = entry.value;
  }
  for (const field of LIST_FIELDS) {
    if (profile[field].length > 0) plain[field] = profile[field].map((entry) => entry.value);
  }
  return plain as PlainProfile;
}
