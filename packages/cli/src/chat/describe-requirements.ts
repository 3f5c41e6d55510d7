import { describeProfile } from '@parley/core/requirements';
import { type ClarifyingQuestion, type Conflict, type RequirementsView } from '@parley/core';

/** The questions still to settle (open or already asked), by priority: `/requirements dismiss n` counts in this order. */
export function pendingQuestions(view: RequirementsView): ClarifyingQuestion[] {
  return view.questions
    .filter((question) => question.state === 'open' || question.state === 'asked')
    .sort((a, b) => a.priority - b.priority);
}

/** The contradictions not yet resolved. */
export function openConflicts(view: RequirementsView): Conflict[] {
  return view.conflicts.filter((conflict) => conflict.state === 'open');
}

/** Requirements as plain lines (the `/requirements` notice, `parley sessions requirements`). */
export function requirementsLines(view: RequirementsView): string[] {
  const fields = describeProfile(view.profile);
  const conflicts = openConflicts(view);
  const questions = pendingQuestions(view);
  return [
    `Requirements (version ${view.version})`,
    ...(fields.length > 0
      ? fields.map(({ label, text }) => `  ${label}: ${text}`)
      : ['  nothing stated yet']),
    ...(conflicts.length > 0 ? ['Conflicts', ...conflicts.map((conflict) => `  ! ${conflict.message}`)] : []),
    ...(questions.length > 0
      ? ['Open questions', ...questions.map((question, index) => `  ${index + 1}. ${question.text}`)]
      : []),
  ];
}
