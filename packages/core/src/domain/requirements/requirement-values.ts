import { z } from 'zod';

/** Seniority levels, lowest first; the order is used by the seniority rules. */
export const SENIORITY_LEVELS = [
  'intern',
  'junior',
  'mid',
  'senior',
  'lead',
  'staff',
  'principal',
  'director',
] as const;
export const senioritySchema = z.enum(SENIORITY_LEVELS);
export type Seniority = z.infer<typeof senioritySchema>;

export const EMPLOYMENT_TYPES = [
  'full_time',
  'part_time',
  'contract',
  'freelance',
  'permanent',
  'temporary',
  'internship',
] as const;
export const employmentTypeSchema = z.enum(EMPLOYMENT_TYPES);
export type EmploymentType = z.infer<typeof employmentTypeSchema>;

export const REMOTE_POLICIES = ['remote', 'hybrid', 'onsite'] as const;
/** Where the work happens; `officeDaysPerWeek` when the statement gives it. */
export const remoteSchema = z.object({
  policy: z.enum(REMOTE_POLICIES),
  officeDaysPerWeek: z.number().int().min(0).max(7).optional(),
});
export type RemotePolicy = z.infer<typeof remoteSchema>;

export const SALARY_PERIODS = ['year', 'month', 'day', 'hour'] as const;
/** A pay range; either bound may be missing ("up to £90K", "from 60k"). */
export const salarySchema = z.object({
  min: z.number().nonnegative().optional(),
  max: z.number().nonnegative().optional(),
  /** ISO 4217 code; absent when the statement names none. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  period: z.enum(SALARY_PERIODS),
});
export type Salary = z.infer<typeof salarySchema>;

/** Total years of experience; either bound may be missing. */
export const experienceSchema = z.object({
  min: z.number().min(0).max(60).optional(),
  max: z.number().min(0).max(60).optional(),
});
export type Experience = z.infer<typeof experienceSchema>;

export const LANGUAGE_LEVELS = [
  'basic',
  'conversational',
  'professional',
  'fluent',
  'native',
  'A1',
  'A2',
  'B1',
  'B2',
  'C1',
  'C2',
] as const;
export const languageSchema = z.object({
  language: z.string().min(1),
  level: z.enum(LANGUAGE_LEVELS).optional(),
});
export type LanguageRequirement = z.infer<typeof languageSchema>;

export const CONSTRAINT_KINDS = ['visa', 'clearance', 'travel', 'education', 'other'] as const;
export const constraintSchema = z.object({ kind: z.enum(CONSTRAINT_KINDS), text: z.string().min(1) });
export type Constraint = z.infer<typeof constraintSchema>;

/** A skill by its canonical vocabulary name (or as written when unknown), with minimum years if stated. */
export const skillSchema = z.object({
  name: z.string().min(1),
  minYears: z.number().min(0).max(60).optional(),
});
export type Skill = z.infer<typeof skillSchema>;

/** A yearly pay band for one seniority level, configured with `REQUIREMENTS_SALARY_BANDS`. */
export const salaryBandSchema = z.object({
  seniority: senioritySchema,
  min: z.number().nonnegative(),
  max: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
export type SalaryBand = z.infer<typeof salaryBandSchema>;
