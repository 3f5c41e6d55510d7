import {
  applyExtraction,
  createRuleExtractor,
  DEFAULT_REQUIREMENTS_POLICY,
  emptyRequirementsState,
  evaluateRequirements,
  toPlainProfile,
  type RequirementsState,
} from '@parley/core/requirements';
import type { CorpusConversation, CorpusStatement } from './corpus.js';
import {
  emptyTallies,
  f1,
  scoreProfile,
  toExpectedForm,
  EVAL_FIELDS,
  type EvalField,
  type Tally,
} from './field-score.js';

/** Precision, recall and F1 of one field (or of conflicts / questions). */
export interface FieldScore extends Tally {
  precision: number;
  recall: number;
  f1: number;
}

/** The rule extractor's scores over the corpus, and what it got wrong, for the report and the floors. */
export interface CorpusScore {
  fields: Record<EvalField, FieldScore>;
  conflicts: FieldScore;
  questions: FieldScore;
  misses: { id: string; field: string; expected: unknown; actual: unknown }[];
}

const REFERENCE = new Date('2026-06-01T00:00:00Z');

/** Runs the rule extractor (and merge, conflicts, questions for conversations) over the corpus. */
export function scoreCorpus(statements: CorpusStatement[], conversations: CorpusConversation[]): CorpusScore {
  const extractor = createRuleExtractor();
  const tallies = emptyTallies();
  const conflicts: Tally = { tp: 0, fp: 0, fn: 0 };
  const questions: Tally = { tp: 0, fp: 0, fn: 0 };
  const misses: CorpusScore['misses'] = [];
  const record = (id: string, expected: CorpusStatement['expect'], actual: CorpusStatement['expect']) => {
    for (const field of scoreProfile(expected, actual, tallies))
      misses.push({ id, field, expected: expected[field], actual: actual[field] });
  };

  for (const statement of statements)
    record(statement.id, statement.expect, toExpectedForm(extractor.extract(statement.text, REFERENCE)));

  for (const conversation of conversations) {
    let state: RequirementsState = emptyRequirementsState();
    const openAfter: Set<string>[] = [];
    conversation.turns.forEach((content, index) => {
      const message = { id: `${conversation.id}-${index + 1}`, seq: index + 1, content };
      const merged = applyExtraction(state, {
        messages: [{ message, rule: extractor.extract(content, REFERENCE) }],
        at: REFERENCE,
      });
      state = evaluateRequirements(merged.state, DEFAULT_REQUIREMENTS_POLICY, REFERENCE);
      openAfter.push(new Set(state.conflicts.filter((c) => c.state === 'open').map((c) => c.rule)));
    });
    record(conversation.id, conversation.expect, toExpectedForm(toPlainProfile(state.profile)));
    const expectedRules = new Set(conversation.conflicts.map((c) => c.rule));
    for (const c of conversation.conflicts) {
      if (openAfter[c.afterTurn - 1]?.has(c.rule)) conflicts.tp += 1;
      else {
        conflicts.fn += 1;
        misses.push({
          id: conversation.id,
          field: 'conflicts',
          expected: c,
          actual: [...(openAfter[c.afterTurn - 1] ?? [])],
        });
      }
    }
    const unexpected = new Set(
      openAfter.flatMap((open) => [...open]).filter((rule) => !expectedRules.has(rule)),
    );
    conflicts.fp += unexpected.size;
    if (unexpected.size > 0)
      misses.push({
        id: conversation.id,
        field: 'conflicts',
        expected: [...expectedRules],
        actual: [...unexpected],
      });
    const asked = new Set(
      state.questions
        .filter((q) => q.kind === 'missing' && (q.state === 'open' || q.state === 'asked'))
        .map((q) => q.id),
    );
    const want = new Set(conversation.questions);
    for (const id of asked)
      if (want.has(id)) questions.tp += 1;
      else questions.fp += 1;
    for (const id of want) if (!asked.has(id)) questions.fn += 1;
    if ([...asked].some((id) => !want.has(id)) || [...want].some((id) => !asked.has(id)))
      misses.push({ id: conversation.id, field: 'questions', expected: [...want], actual: [...asked] });
  }

  const score = (t: Tally): FieldScore => ({ ...t, ...f1(t) });
  return {
    fields: Object.fromEntries(EVAL_FIELDS.map((field) => [field, score(tallies[field])])) as Record<
      EvalField,
      FieldScore
    >,
    conflicts: score(conflicts),
    questions: score(questions),
    misses,
  };
}
