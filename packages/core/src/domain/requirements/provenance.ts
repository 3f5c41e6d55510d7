import { z } from 'zod';

/** How a value was found: the rule extractor, the model, an explicit user edit, or the user's memory. */
export const PROVENANCE_SOURCES = ['rule', 'model', 'user', 'memory'] as const;

/** Where a profile value came from, so every field can be traced to a message or an edit (R7.1). */
export const provenanceSchema = z.object({
  source: z.enum(PROVENANCE_SOURCES),
  messageId: z.string().optional(),
  seq: z.number().int().min(0).optional(),
  /** The memory item a `memory` value came from, so forgetting the item removes it (R9.3). */
  memoryItemId: z.string().optional(),
  /** ISO timestamp of the extraction or edit. */
  at: z.string(),
});

export type Provenance = z.infer<typeof provenanceSchema>;
export type ProvenanceSource = Provenance['source'];

/** A value with its provenance: the shape of every profile field. */
export function sourced<T extends z.ZodType>(value: T) {
  return z.object({ value, provenance: provenanceSchema });
}

/** A profile value and where it came from. */
export interface Sourced<T> {
  value: T;
  provenance: Provenance;
}
