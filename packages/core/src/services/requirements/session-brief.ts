import type { ClarifyingQuestion } from '../../domain/requirements/clarifying-question.js';
import type { Conflict } from '../../domain/requirements/conflict.js';
import {
  toPlainProfile,
  type ProfileField,
  type RequirementProfile,
} from '../../domain/requirements/requirement-profile.js';

/** What the brief is rendered from: the current requirements as `RequirementsService.get` returns them. */
export interface BriefInput {
  profile: RequirementProfile;
  conflicts: Conflict[];
  questions: ClarifyingQuestion[];
  version: number;
}

/** The brief's text and the questions it puts to the user (to mark as asked once the answer used them). */
export interface SessionBrief {
  text: string;
  questionIds: string[];
}

/** How each profile field is named to people (the brief, the offline intake's answers). */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  seniority: 'Seniority',
  experience: 'Years of experience',
  remote: 'Remote policy',
  employmentType: 'Employment type',
  salary: 'Salary',
  startDate: 'Start date',
  team: 'Team',
  reportsTo: 'Reports to',
  mustHaveSkills: 'Must-have skills',
  niceToHaveSkills: 'Nice-to-have skills',
  excludedSkills: 'Excluded skills',
  softSkills: 'Soft skills',
  locations: 'Locations',
  timeZones: 'Time zones',
  languages: 'Languages',
  constraints: 'Other constraints',
};

/** The stated fields of a profile as labelled one-line texts, in a fixed order: the brief, exports and the CLI show them so. */
export function describeProfile(
  profile: RequirementProfile,
): Array<{ field: ProfileField; label: string; text: string }> {
  const plain = toPlainProfile(profile) as Record<string, unknown>;
  return (Object.keys(FIELD_LABELS) as ProfileField[])
    .filter((field) => plain[field] !== undefined)
    .map((field) => ({ field, label: FIELD_LABELS[field] ?? field, text: describeValue(plain[field]) }));
}

/**
 * The "session brief" for the prompt (issue 10): the profile so far, open conflicts, and at most
 * `maxQuestions` open clarifying questions by priority, which the assistant asks in its own words.
 * Pure, so the context source can render it within its budget.
 */
export function renderSessionBrief(input: BriefInput, options: { maxQuestions?: number } = {}): SessionBrief {
  const maxQuestions = options.maxQuestions ?? 2;
  const lines = ['Hiring requirements gathered so far in this session:'];
  const described = describeProfile(input.profile);
  if (described.length === 0) lines.push('- nothing yet');
  for (const { label, text } of described) lines.push(`- ${label}: ${text}`);
  const open = input.conflicts.filter((c) => c.state === 'open');
  if (open.length > 0) {
    lines.push('Contradictions to resolve:');
    for (const conflict of open) lines.push(`- ${conflict.message}`);
  }
  const questions = input.questions
    .filter((q) => q.state === 'open')
    .sort((a, b) => a.priority - b.priority)
    .slice(0, maxQuestions);
  if (questions.length > 0) {
    lines.push('In your answer, also ask the user (in your own words, briefly):');
    questions.forEach((q, i) => lines.push(`${i + 1}. ${q.text}`));
  }
  return { text: lines.join('\n'), questionIds: questions.map((q) => q.id) };
}

/** A profile value in a few plain words ("Go (5+ years)", "hybrid, 2 office day(s) a week"). */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string')
      return record.minYears === undefined
        ? record.name
        : `${record.name} (${String(record.minYears)}+ years)`;
    if (typeof record.language === 'string')
      return record.level ? `${record.language} (${String(record.level)})` : record.language;
    if (typeof record.policy === 'string')
      return record.officeDaysPerWeek === undefined
        ? record.policy
        : `${record.policy}, ${String(record.officeDaysPerWeek)} office day(s) a week`;
    if (typeof record.period === 'string')
      return `${[record.min, record.max].filter((n) => n !== undefined).join('–')} ${String(record.currency ?? '')} per ${record.period}`.replace(
        /\s+/g,
        ' ',
      );
    if (typeof record.kind === 'string') return `${record.kind}: ${String(record.text)}`;
    if (typeof record.min === 'number' || typeof record.max === 'number') return yearsRange(record);
    return Object.entries(record)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
  }
  return String(value).replace(/_/g, '-');
}

/** An experience range in words: "5 years", "5+ years", "up to 3 years", "3–5 years". */
function yearsRange({ min, max }: Record<string, unknown>): string {
  if (min === max) return `${String(min)} years`;
  if (max === undefined) return `${String(min)}+ years`;
  if (min === undefined) return `up to ${String(max)} years`;
  return `${String(min)}–${String(max)} years`;
}
