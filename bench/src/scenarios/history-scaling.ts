import { formatScalingReport } from '../scaling-report.js';
import { runScalingBench } from '../scaling-bench.js';
import type { Scenario } from '../scenario.js';

/** Scenario 6 (R13.2): context building, history paging and session lookup as a session's history grows. */
export const historyScalingScenario: Scenario = {
  name: 'history-scaling',
  summary: 'context build, history pages and session lookup from 10 to 100,000 messages (flat)',
  async run(context) {
    const result = await runScalingBench(context.options.scaling, context.log);
    const markdown = [
      '### History scaling and session lookup (target: flat, largest ÷ 1,000 ≈ 1.00×)',
      '',
      '```',
      formatScalingReport(result),
      '```',
    ].join('\n');
    return { markdown, figures: result };
  },
};
