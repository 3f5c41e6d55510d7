import { createLogger } from '@parley/core/internal';
import { createModelExtractor, emptyRequirementsState } from '@parley/core/requirements';
import { createOpenAiChatModel } from '@parley/core/openai';
import { type ParleyConfig } from '@parley/core';
import type { CorpusStatement } from './corpus.js';
import {
  emptyTallies,
  f1,
  scoreProfile,
  toExpectedForm,
  EVAL_FIELDS,
  type EvalField,
} from './field-score.js';
import type { FieldScore } from './score-corpus.js';

/** The model extractor's scores over the single statements, and the statements it failed on. */
export interface ModelScore {
  model: string;
  fields: Record<EvalField, FieldScore>;
  failures: { id: string; error: string }[];
}

/**
 * Runs the model extractor (R7.1, R14.3) over each statement against the configured endpoint, as
 * the chat turn would on a fresh session: an empty profile, the statement as the only message.
 */
export async function scoreModelExtractor(
  statements: CorpusStatement[],
  config: ParleyConfig,
  concurrency = 4,
): Promise<ModelScore> {
  const model = createOpenAiChatModel({ config: config.llm, logger: createLogger('silent') });
  const extractor = createModelExtractor(model);
  const tallies = emptyTallies();
  const failures: ModelScore['failures'] = [];
  const profile = emptyRequirementsState().profile;
  let next = 0;
  const worker = async () => {
    while (next < statements.length) {
      const statement = statements[next++] as CorpusStatement;
      try {
        const proposal = await extractor.propose({
          profile,
          messages: [{ seq: 1, role: 'user', content: statement.text }],
          newSeqs: [1],
        });
        scoreProfile(statement.expect, toExpectedForm(proposal.profile), tallies);
      } catch (error) {
        failures.push({ id: statement.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    model: config.llm.model,
    fields: Object.fromEntries(
      EVAL_FIELDS.map((field) => [field, { ...tallies[field], ...f1(tallies[field]) }]),
    ) as Record<EvalField, FieldScore>,
    failures,
  };
}
