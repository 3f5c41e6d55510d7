import { dirname } from 'node:path';
import { formatRetrievalReport } from '../retrieval-report.js';
import { retrievalBenchOptions, runRetrievalBench } from '../retrieval-bench.js';
import type { Scenario } from '../scenario.js';

/** Issue 12 (R6): lexical retrieval over 100,000 messages of one user, against its ≤ 20 ms p50 target. */
export const retrievalScenario: Scenario = {
  name: 'retrieval',
  summary: 'lexical search over 100,000 stored messages of one user (SQLite; PostgreSQL when configured)',
  async run(context) {
    const benchDir = dirname(context.options.resultsDir);
    const options = retrievalBenchOptions(context.env, benchDir, context.options.scaling.fresh);
    const sized = context.quick
      ? { ...options, messages: Math.min(options.messages, 5_000), iterations: 30 }
      : options;
    const result = await runRetrievalBench(sized, context.log);
    const markdown = [
      `### Retrieval over ${sized.messages.toLocaleString('en')} messages (target: lexical p50 ≤ 20 ms on SQLite)`,
      '',
      '```',
      formatRetrievalReport(result),
      '```',
    ].join('\n');
    return { markdown, figures: result };
  },
};
