import type { ClarifyingQuestion, Essential } from '../../../domain/requirements/clarifying-question.js';
import type { RequirementsState } from '../../../domain/requirements/requirements-state.js';
import { ESSENTIAL_QUESTIONS, missingEssentials } from './missing-essentials.js';

/** Conflicts are asked before missing essentials; within each, rule order and configured order. */
const CONFLICT_PRIORITY = 0;
const MISSING_PRIORITY = 100;

/**
 * Brings the questions in line with the state (R7.3): open conflicts and missing essentials get a
 * question; a question whose conflict closed or whose field got filled becomes `answered`; one that
 * applies again after being answered reopens; `dismissed` stays.
 */
export function reconcileQuestions(
  state: RequirementsState,
  essentials: readonly Essential[],
  now: Date,
): ClarifyingQuestion[] {
  const at = now.toISOString();
  const wanted = new Map<string, Omit<ClarifyingQuestion, 'state' | 'createdAt' | 'updatedAt'>>();
  state.conflicts
    .filter((c) => c.state === 'open')
    .forEach((c, index) =>
      wanted.set(`conflict:${c.id}`, {
        id: `conflict:${c.id}`,
        kind: 'conflict',
        conflictId: c.id,
        text: `Please clarify: ${c.message}`,
        priority: CONFLICT_PRIORITY + index,
      }),
    );
  for (const essential of missingEssentials(state.profile, essentials)) {
    wanted.set(`missing:${essential}`, {
      id: `missing:${essential}`,
      kind: 'missing',
      essential,
      text: ESSENTIAL_QUESTIONS[essential],
      priority: MISSING_PRIORITY + essentials.indexOf(essential),
    });
  }
  const out: ClarifyingQuestion[] = [];
  for (const question of state.questions) {
    const want = wanted.get(question.id);
    wanted.delete(question.id);
    if (question.state === 'dismissed') out.push(question);
    else if (!want)
      out.push(question.state === 'answered' ? question : { ...question, state: 'answered', updatedAt: at });
    else if (question.state === 'answered') out.push({ ...question, ...want, state: 'open', updatedAt: at });
    else out.push({ ...question, ...want });
  }
  for (const want of wanted.values()) out.push({ ...want, state: 'open', createdAt: at, updatedAt: at });
  return out.sort((a, b) => a.priority - b.priority);
}
