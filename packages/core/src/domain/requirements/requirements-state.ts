import { z } from 'zod';
import { clarifyingQuestionSchema } from './clarifying-question.js';
import { conflictSchema } from './conflict.js';
import { provenanceSchema } from './provenance.js';
import {
  emptyProfile,
  profileFieldSchema,
  requirementProfileSchema,
  SCALAR_FIELDS,
} from './requirement-profile.js';

/** An earlier value a later statement replaced; kept until confirmed, so `restated-value` can ask which is right. */
export const restatementSchema = z.object({
  field: z.enum(SCALAR_FIELDS),
  previous: z.unknown(),
  previousProvenance: provenanceSchema,
});
export type Restatement = z.infer<typeof restatementSchema>;

/** Everything persisted per session and version: the profile, user locks, conflicts and questions. */
export const requirementsStateSchema = z.object({
  profile: requirementProfileSchema,
  /** Fields a user edit set; extraction leaves them alone until unlocked. */
  locks: z.array(profileFieldSchema),
  restated: z.array(restatementSchema),
  conflicts: z.array(conflictSchema),
  questions: z.array(clarifyingQuestionSchema),
});
export type RequirementsState = z.infer<typeof requirementsStateSchema>;

/** The state of a session nobody has talked about yet. */
export function emptyRequirementsState(): RequirementsState {
  return { profile: emptyProfile(), locks: [], restated: [], conflicts: [], questions: [] };
}
