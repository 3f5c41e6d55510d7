import { z } from 'zod';

/** Something essential that is missing, as named in `REQUIREMENTS_ESSENTIALS`. */
export const ESSENTIALS = [
  'title',
  'seniority_or_years',
  'must_have_skills',
  'location_or_remote',
  'employment_type',
  'salary',
  'languages',
  'start_date',
] as const;
export const essentialSchema = z.enum(ESSENTIALS);
export type Essential = z.infer<typeof essentialSchema>;

/**
 * A question the assistant should ask (R7.3): about a missing essential or an open conflict.
 * `open` → `asked` (it went into an answer) → `answered` (a later extraction filled the field or the
 * conflict closed); `dismissed` by the user at any point.
 */
export const clarifyingQuestionSchema = z.object({
  /** `missing:<essential>` or `conflict:<conflict id>`. */
  id: z.string(),
  kind: z.enum(['missing', 'conflict']),
  essential: essentialSchema.optional(),
  conflictId: z.string().optional(),
  /** What to find out, for the model to ask in its own words. */
  text: z.string(),
  /** Lower asks first: conflicts before missing essentials, essentials in configured order. */
  priority: z.number().int(),
  state: z.enum(['open', 'asked', 'answered', 'dismissed']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ClarifyingQuestion = z.infer<typeof clarifyingQuestionSchema>;
