import { z } from 'zod';
import {
  plainProfileSchema,
  profileFieldSchema,
  toPlainProfile,
  type RequirementProfile,
} from '../../domain/requirements/requirement-profile.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { ModelProposal } from './merge/apply-extraction.js';

/** A conflict the model reports, citing the messages (seq) that contradict each other. */
export const modelConflictSchema = z.object({
  description: z.string().trim().min(1).max(500),
  fields: z.array(profileFieldSchema).min(1),
  seqs: z.array(z.number().int().min(0)).min(1),
});
export type ModelConflict = z.infer<typeof modelConflictSchema>;

/** The JSON the model must return (validated by `completeJson`, one repair round-trip). */
export const modelExtractionSchema = z.object({
  // Unknown keys are dropped rather than failing the whole proposal.
  profile: z.object(plainProfileSchema.shape),
  cites: z.partialRecord(profileFieldSchema, z.number().int().min(0)).optional(),
  conflicts: z.array(modelConflictSchema).default([]),
});

/** What the model proposed: profile changes plus the conflicts it saw. */
export interface ModelExtraction extends ModelProposal {
  conflicts: ModelConflict[];
}

/** A message as the model extractor sees it. */
export interface TranscriptMessage {
  seq: number;
  role: string;
  content: string;
}

/** Proposes profile changes from the latest messages with a chat model (issue 10). */
export interface ModelExtractor {
  /** Rejects with the model's ParleyError on failure; the caller then keeps the rules' reading alone. */
  propose(input: {
    profile: RequirementProfile;
    messages: TranscriptMessage[];
    newSeqs: number[];
  }): Promise<ModelExtraction>;
}

const INSTRUCTIONS = `You maintain a structured hiring requirement profile from a recruiter's messages.
Return JSON {"profile": {...}, "cites": {...}, "conflicts": [...]}.
"profile" holds ONLY fields the NEW messages state or change, with these shapes:
title, team, reportsTo: string; seniority: intern|junior|mid|senior|lead|staff|principal|director;
experience: {min?, max?} total years; remote: {policy: remote|hybrid|onsite, officeDaysPerWeek?};
employmentType: [full_time|part_time|contract|freelance|permanent|temporary|internship];
salary: {min?, max?, currency? (ISO 4217), period: year|month|day|hour}; startDate: YYYY-MM-DD;
mustHaveSkills, niceToHaveSkills, excludedSkills: [{name, minYears?}]; softSkills, locations, timeZones: [string];
languages: [{language, level?: basic|conversational|professional|fluent|native|A1..C2}];
constraints: [{kind: visa|clearance|travel|education|other, text}].
Later statements override earlier ones. Never invent values the messages do not state.
"cites" maps each field you set to the seq of the message it comes from.
"conflicts" lists contradictions you see in the requirements: {description, fields, seqs} citing the messages.`;

/** The model extractor over any ChatModel; validation and repair are the adapter's `completeJson`. */
export function createModelExtractor(model: ChatModel): ModelExtractor {
  return {
    async propose({ profile, messages, newSeqs }) {
      const transcript = messages.map((m) => `[seq ${m.seq}] ${m.role}: ${m.content}`).join('\n');
      const { value } = await model.completeJson({
        name: 'requirements_update',
        schema: modelExtractionSchema,
        temperature: 0,
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          {
            role: 'user',
            content: `Current profile:\n${JSON.stringify(toPlainProfile(profile))}\n\nRecent messages:\n${transcript}\n\nNew messages: seq ${newSeqs.join(', ')}.`,
          },
        ],
      });
      return {
        profile: value.profile,
        ...(value.cites ? { cites: value.cites } : {}),
        conflicts: value.conflicts,
      };
    },
  };
}
