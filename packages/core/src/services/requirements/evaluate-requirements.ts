import type { Essential } from '../../domain/requirements/clarifying-question.js';
import type { RequirementsState } from '../../domain/requirements/requirements-state.js';
import type { SalaryBand } from '../../domain/requirements/requirement-values.js';
import { reconcileConflicts } from './conflicts/reconcile-conflicts.js';
import { reconcileQuestions } from './questions/reconcile-questions.js';

/** The settings conflicts and questions depend on (`REQUIREMENTS_*`). */
export interface RequirementsPolicy {
  maxMustHaves: number;
  essentials: readonly Essential[];
  salaryBands: readonly SalaryBand[];
}

/** The default policy: 12 must-haves, the five essentials of issue 10, no salary bands. */
export const DEFAULT_REQUIREMENTS_POLICY: RequirementsPolicy = {
  maxMustHaves: 12,
  essentials: ['title', 'seniority_or_years', 'must_have_skills', 'location_or_remote', 'employment_type'],
  salaryBands: [],
};

/** Recomputes conflicts and then questions for a state, after any change to its profile. */
export function evaluateRequirements(
  state: RequirementsState,
  policy: RequirementsPolicy,
  now: Date,
): RequirementsState {
  const conflicts = reconcileConflicts(state.conflicts, {
    state,
    now,
    maxMustHaves: policy.maxMustHaves,
    salaryBands: policy.salaryBands,
  });
  const withConflicts = { ...state, conflicts };
  return { ...withConflicts, questions: reconcileQuestions(withConflicts, policy.essentials, now) };
}
