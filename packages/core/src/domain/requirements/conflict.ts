import { z } from 'zod';
import { profileFieldSchema } from './requirement-profile.js';

/** A contradiction in the profile (R7.2): found by a named rule or reported by the model. */
export const conflictSchema = z.object({
  /** Stable for the same contradiction: `rule` plus what it is about (e.g. `skill-required-and-excluded:Java`). */
  id: z.string(),
  /** The rule's name, or `model` for a conflict the model reported. */
  rule: z.string(),
  source: z.enum(['rule', 'model']),
  fields: z.array(profileFieldSchema),
  message: z.string(),
  /** Sequence numbers of the messages the conflicting values came from. */
  seqs: z.array(z.number().int()),
  state: z.enum(['open', 'resolved']),
  /** Why it closed: the facts stopped contradicting, or the user accepted it by dismissing its question. */
  resolution: z.enum(['facts_changed', 'dismissed']).optional(),
  openedAt: z.string(),
  resolvedAt: z.string().optional(),
});
export type Conflict = z.infer<typeof conflictSchema>;
