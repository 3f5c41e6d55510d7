import type { Provenance, ProvenanceSource } from '../../../domain/requirements/provenance.js';
import {
  LIST_FIELDS,
  SCALAR_FIELDS,
  type ListField,
  type PlainProfile,
  type ProfileField,
  type RequirementProfile,
  type ScalarField,
} from '../../../domain/requirements/requirement-profile.js';
import type { Skill } from '../../../domain/requirements/requirement-values.js';
import type { RequirementsState } from '../../../domain/requirements/requirements-state.js';
import type { RequirementChange } from '../../../domain/requirements/requirements-version.js';
import { consistentWithText } from './consistent-with-text.js';
import { sameValue } from './same-value.js';

/** One message and what the rule extractor read in it. */
export interface MessageExtraction {
  message: { id: string; seq: number; content: string };
  rule: PlainProfile;
}

/** What the model proposed for a batch of messages; `cites` names the message (seq) behind a field. */
export interface ModelProposal {
  profile: PlainProfile;
  cites?: Partial<Record<ProfileField, number>>;
}

/** Rule and model read the same message differently; kept in the version's changes. */
export interface Disagreement {
  field: ProfileField;
  seq: number;
  rule: unknown;
  model: unknown;
  used: 'rule' | 'model';
}

/** The new state, what changed, and where rule and model disagreed. */
export interface MergeResult {
  state: RequirementsState;
  changes: RequirementChange[];
  disagreements: Disagreement[];
}

interface Candidate {
  field: ProfileField;
  value: unknown;
  source: ProvenanceSource;
  seq: number;
  messageId: string;
  text: string;
  reason: string;
}

const SKILL_LISTS = ['mustHaveSkills', 'niceToHaveSkills', 'excludedSkills'] as const;
type SkillList = (typeof SKILL_LISTS)[number];
/** "Sorry, I meant …": an explicit correction replaces a value without asking which one is right. */
const CORRECTION = /\b(?:sorry|i meant|i mean|correction|scratch that|typo|let me correct|instead of)\b/i;

/**
 * Merges one extraction into the state (issue 10): locked fields are left alone; a newer statement
 * wins over an older one; where rule and model read the same message differently the model's
 * reading is used only if it is consistent with the text, and the disagreement is recorded. A
 * replaced value from an earlier message is remembered as a restatement until confirmed.
 */
export function applyExtraction(
  current: RequirementsState,
  input: { messages: MessageExtraction[]; model?: ModelProposal; at: Date },
): MergeResult {
  const state: RequirementsState = structuredClone(current);
  const changes: RequirementChange[] = [];
  const disagreements: Disagreement[] = [];
  const at = input.at.toISOString();
  const candidates = collect(input, disagreements);

  for (const field of SCALAR_FIELDS) {
    for (const candidate of candidates.filter((c) => c.field === field).sort((a, b) => a.seq - b.seq))
      applyScalar(state, field, candidate, at, changes);
  }
  for (const field of LIST_FIELDS) {
    for (const candidate of candidates.filter((c) => c.field === field).sort((a, b) => a.seq - b.seq))
      applyList(state, field, candidate, at, changes);
  }
  return { state, changes, disagreements };
}

/** Rule candidates per message, and the model's, resolved per field and message. */
function collect(
  input: { messages: MessageExtraction[]; model?: ModelProposal; at: Date },
  disagreements: Disagreement[],
): Candidate[] {
  const out: Candidate[] = [];
  const last = input.messages.at(-1);
  for (const { message, rule } of input.messages) {
    for (const [field, value] of Object.entries(rule) as [ProfileField, unknown][]) {
      out.push({
        field,
        value,
        source: 'rule',
        seq: message.seq,
        messageId: message.id,
        text: message.content,
        reason: 'stated in the message',
      });
    }
  }
  if (!input.model || !last) return out;
  for (const [field, value] of Object.entries(input.model.profile) as [ProfileField, unknown][]) {
    if (value === undefined) continue;
    const cited = input.model.cites?.[field];
    const source = input.messages.find((m) => m.message.seq === cited) ?? last;
    const { message } = source;
    const consistent = consistentWithText(field, value, message.content, input.at);
    const ruleIndex = out.findIndex((c) => c.field === field && c.seq === message.seq);
    const rule = ruleIndex >= 0 ? out[ruleIndex] : undefined;
    if (rule && sameValue(rule.value, value)) continue;
    if (rule && (SCALAR_FIELDS as readonly string[]).includes(field)) {
      disagreements.push({
        field,
        seq: message.seq,
        rule: rule.value,
        model: value,
        used: consistent ? 'model' : 'rule',
      });
      if (!consistent) continue;
      out.splice(ruleIndex, 1);
    } else if (!consistent) continue;
    out.push({
      field,
      value,
      source: 'model',
      seq: message.seq,
      messageId: message.id,
      text: message.content,
      reason: rule
        ? 'the model read the message differently; its reading matches the text'
        : 'read by the model',
    });
  }
  return out;
}

function provenance(candidate: Candidate, at: string): Provenance {
  return { source: candidate.source, messageId: candidate.messageId, seq: candidate.seq, at };
}

function applyScalar(
  state: RequirementsState,
  field: ScalarField,
  candidate: Candidate,
  at: string,
  changes: RequirementChange[],
): void {
  if (state.locks.includes(field)) return;
  const profile = state.profile as Record<ScalarField, RequirementProfile[ScalarField]>;
  const current = profile[field];
  if (current?.provenance.seq !== undefined && candidate.seq < current.provenance.seq) return;
  const correction = CORRECTION.test(candidate.text);
  if (current && sameValue(current.value, candidate.value)) {
    if (state.restated.some((r) => r.field === field) && current.provenance.seq !== candidate.seq) {
      state.restated = state.restated.filter((r) => r.field !== field);
      changes.push({
        field,
        before: current.value,
        after: current.value,
        source: candidate.source,
        reason: 'confirmed by a later message',
        seq: candidate.seq,
      });
    }
    return;
  }
  state.restated = state.restated.filter((r) => r.field !== field);
  if (
    current &&
    current.provenance.source !== 'memory' &&
    current.provenance.seq !== candidate.seq &&
    !correction
  )
    state.restated.push({ field, previous: current.value, previousProvenance: current.provenance });
  profile[field] = { value: candidate.value, provenance: provenance(candidate, at) } as never;
  changes.push({
    field,
    before: current?.value,
    after: candidate.value,
    source: candidate.source,
    reason: current
      ? correction
        ? 'corrected by a later message'
        : 'replaced by a newer statement'
      : candidate.reason,
    seq: candidate.seq,
  });
}

function applyList(
  state: RequirementsState,
  field: ListField,
  candidate: Candidate,
  at: string,
  changes: RequirementChange[],
): void {
  if (state.locks.includes(field)) return;
  for (const item of candidate.value as unknown[]) {
    if ((SKILL_LISTS as readonly string[]).includes(field))
      applySkill(state, field as SkillList, item as Skill, candidate, at, changes);
    else applyItem(state, field as Exclude<ListField, SkillList>, item, candidate, at, changes);
  }
}

function applySkill(
  state: RequirementsState,
  list: SkillList,
  skill: Skill,
  candidate: Candidate,
  at: string,
  changes: RequirementChange[],
): void {
  const key = skill.name.toLowerCase();
  const existing = state.profile[list].find((s) => s.value.name.toLowerCase() === key);
  if (existing) {
    if (skill.minYears !== undefined && existing.value.minYears !== skill.minYears) {
      const before = existing.value;
      existing.value = { ...existing.value, minYears: skill.minYears };
      existing.provenance = provenance(candidate, at);
      changes.push({
        field: list,
        before,
        after: existing.value,
        source: candidate.source,
        reason: 'years restated',
        seq: candidate.seq,
      });
    }
    return;
  }
  for (const other of SKILL_LISTS) {
    if (other === list || state.locks.includes(other)) continue;
    const elsewhere = state.profile[other].find((s) => s.value.name.toLowerCase() === key);
    if (!elsewhere) continue;
    if ((elsewhere.provenance.seq ?? 0) > candidate.seq) return;
    if ((elsewhere.provenance.seq ?? -1) < candidate.seq) {
      state.profile[other] = state.profile[other].filter((s) => s !== elsewhere);
      changes.push({
        field: other,
        before: elsewhere.value,
        after: undefined,
        source: candidate.source,
        reason: `moved to ${list} by a newer statement`,
        seq: candidate.seq,
      });
    }
  }
  state.profile[list].push({ value: skill, provenance: provenance(candidate, at) });
  changes.push({
    field: list,
    before: undefined,
    after: skill,
    source: candidate.source,
    reason: candidate.reason,
    seq: candidate.seq,
  });
}

function applyItem(
  state: RequirementsState,
  field: Exclude<ListField, SkillList>,
  item: unknown,
  candidate: Candidate,
  at: string,
  changes: RequirementChange[],
): void {
  const list = state.profile[field] as { value: unknown; provenance: Provenance }[];
  const key = itemKey(item);
  const existing = list.find((entry) => itemKey(entry.value) === key);
  if (existing && sameValue(existing.value, item)) return;
  if (existing) {
    const before = existing.value;
    existing.value = item;
    existing.provenance = provenance(candidate, at);
    changes.push({
      field,
      before,
      after: item,
      source: candidate.source,
      reason: 'replaced by a newer statement',
      seq: candidate.seq,
    });
    return;
  }
  list.push({ value: item, provenance: provenance(candidate, at) });
  changes.push({
    field,
    before: undefined,
    after: item,
    source: candidate.source,
    reason: candidate.reason,
    seq: candidate.seq,
  });
}

/** What makes two list items the same entry: the text, the language, or the constraint kind and text. */
function itemKey(item: unknown): string {
  if (typeof item === 'string') return item.toLowerCase();
  const record = item as { language?: string; kind?: string; text?: string };
  if (record.language) return `lang:${record.language.toLowerCase()}`;
  return `${record.kind}:${record.text?.toLowerCase()}`;
}
