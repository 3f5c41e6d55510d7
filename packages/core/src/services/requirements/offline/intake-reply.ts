import type { ProfileField } from '../../../domain/requirements/requirement-profile.js';
import type { RequirementsState } from '../../../domain/requirements/requirements-state.js';
import { evaluateRequirements, type RequirementsPolicy } from '../evaluate-requirements.js';
import { applyExtraction } from '../merge/apply-extraction.js';
import type { RuleExtractor } from '../rule-extractor.js';
import { describeValue, FIELD_LABELS, renderSessionBrief } from '../session-brief.js';
import { fill, pickVariant } from './intake-templates.js';

/** One user message the offline intake reads: its sequence number keeps re-reads idempotent. */
export interface IntakeMessage {
  seq: number;
  content: string;
}

/** Everything one offline answer depends on. */
export interface IntakeTurn {
  /** The requirements before `message` (the stored state, which may already include it). */
  before: RequirementsState;
  /** The user message to answer; undefined opens the intake. */
  message: IntakeMessage | undefined;
  /** The previous assistant answer, which this one must not repeat verbatim. */
  previousAnswer: string | undefined;
  /** Stable per session (its id), so template choice is deterministic per session. */
  seed: string;
  /** How many user messages came before, so consecutive turns use different variants. */
  turn: number;
  policy: RequirementsPolicy;
  at: Date;
}

/** The answer, the requirements it was written from, and the fields read from the message. */
export interface IntakeReply {
  text: string;
  state: RequirementsState;
  understood: ProfileField[];
}

/**
 * The requirements after `message`: the rule extractor's reading merged into `state` and conflicts
 * and questions re-evaluated, exactly as the extraction job will store them. Reading a message the
 * state already holds changes nothing, so it does not matter whether that job ran first.
 */
export function readMessage(
  state: RequirementsState,
  message: IntakeMessage,
  deps: { rules: RuleExtractor; policy: RequirementsPolicy; at: Date },
): { state: RequirementsState; understood: ProfileField[] } {
  const rule = deps.rules.extract(message.content, deps.at);
  const merged = applyExtraction(state, {
    messages: [
      { message: { id: `offline:${message.seq}`, seq: message.seq, content: message.content }, rule },
    ],
    at: deps.at,
  });
  const understood = Object.keys(FIELD_LABELS).filter((f) => f in rule) as ProfileField[];
  return { state: evaluateRequirements(merged.state, deps.policy, deps.at), understood };
}

/**
 * The offline intake's answer to one message (issue 15): what it understood from the message, then
 * the open conflict or missing essential that matters most as a question, or the profile once the
 * essentials are complete. Never empty, and never the previous answer verbatim.
 */
export function intakeReply(turn: IntakeTurn, rules: RuleExtractor): IntakeReply {
  if (!turn.message) {
    const text = compose(turn, (shift) => pickVariant('opening', turn.seed, turn.turn, shift));
    return { text, state: turn.before, understood: [] };
  }
  const { state, understood } = readMessage(turn.before, turn.message, {
    rules,
    policy: turn.policy,
    at: turn.at,
  });
  const plain = readValues(state, understood);
  const focus = state.questions
    .filter((q) => q.state === 'open' || q.state === 'asked')
    .sort((a, b) => a.priority - b.priority)[0];
  const conflict = focus?.conflictId ? state.conflicts.find((c) => c.id === focus.conflictId) : undefined;
  const text = compose(turn, (shift) => {
    const lead =
      plain.length > 0
        ? fill(pickVariant('understood', turn.seed, turn.turn, shift), { fields: plain.join('; ') })
        : pickVariant('nothingNew', turn.seed, turn.turn, shift);
    if (conflict)
      return `${lead} ${fill(pickVariant('conflict', turn.seed, turn.turn, shift), { conflict: conflict.message })}`;
    if (focus)
      return `${lead} ${fill(pickVariant('missing', turn.seed, turn.turn, shift), { question: focus.text })}`;
    return `${lead} ${fill(pickVariant('complete', turn.seed, turn.turn, shift), { profile: profileList(state) })}`;
  });
  return { text, state, understood };
}

/** The turn's variant, or the next one when it would repeat the previous answer (variants differ). */
function compose(turn: IntakeTurn, variant: (shift: number) => string): string {
  const text = variant(0);
  return text === turn.previousAnswer ? variant(1) : text;
}

/** "title Backend Engineer", "must-have skills Go (5+ years), Kubernetes": the fields read, as now held. */
function readValues(state: RequirementsState, fields: ProfileField[]): string[] {
  const profile = state.profile as Record<ProfileField, unknown>;
  return fields.flatMap((field) => {
    const entry = profile[field];
    const value = Array.isArray(entry)
      ? entry.map((e: { value: unknown }) => e.value)
      : (entry as { value?: unknown } | undefined)?.value;
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
    return [`${(FIELD_LABELS[field] ?? field).toLowerCase()} ${describeValue(value)}`];
  });
}

/** The profile as a list, the same lines the session brief gives a real model. */
function profileList(state: RequirementsState): string {
  const { text } = renderSessionBrief({ ...state, version: 0 }, { maxQuestions: 0 });
  return text
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .join('\n');
}
