import type { Scenario } from '../scenario.js';
import { runSocketBench, type SocketBenchResult } from '../socket-bench.js';
import { targetTable } from '../target-table.js';
import { backendsOf, medians, socketSettings } from './socket-load.js';

const MB = 1024 * 1024;

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Which sources were left out, and why, round by round (nothing when none was). */
function skippedDetail(rounds: SocketBenchResult[]): string {
  const listed = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ') || 'none';
  const lines = rounds.map(
    (round) =>
      `${listed(round.parley.contextSkipped)} (warm-up: ${listed(round.parley.warmupContextSkipped)})`,
  );
  if (lines.every((line) => line === 'none (warm-up: none)')) return '';
  return `\n\nContext parts left out, by source and reason, round by round: ${lines.join('; ')}.`;
}

/**
 * Scenario 2 (issue 14): many answers streaming at once, slowly — 500 sessions, 100 deltas 50 ms
 * apart (10,000 deltas a second). The stub stamps each delta with the instant it wrote it, so the
 * clients measure what each delta spent between the stub and them, through the relay or Parley.
 */
export const slowStreamsScenario: Scenario = {
  name: 'slow-streams',
  summary: '500 sessions streaming 100 deltas 50 ms apart: delay stub → client p50/p99, CPU, RSS',
  async run(context) {
    const clients = context.quick ? 50 : Number(context.env.PARLEY_BENCH_SLOW_CLIENTS) || 500;
    const chunks = context.quick ? 20 : 100;
    const sections: string[] = [];
    const figures: Record<string, SocketBenchResult[]> = {};
    for (const backend of backendsOf(context.env)) {
      const rounds: SocketBenchResult[] = [];
      for (let round = 0; round < context.rounds; round += 1) {
        const settings = socketSettings(context.env, {
          clients,
          messages: 1,
          chunks,
          chunkDelayMs: 50,
          stamped: true,
          ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
          ...(backend.redisUrl ? { redisUrl: backend.redisUrl } : {}),
        });
        rounds.push(await runSocketBench(settings, context.log));
      }
      figures[backend.name] = rounds;
      const p50 = medians(rounds, (f) => f.concurrent.deltaDelayMs.p50);
      const p99 = medians(rounds, (f) => f.concurrent.deltaDelayMs.p99);
      const cpu = medians(rounds, (f) => f.cpuMsPerAnswer);
      const rss = medians(rounds, (f) => f.memory.afterRun.peakRss / MB);
      const failures = medians(rounds, (f) => f.concurrent.failures);
      const skipped = medians(rounds, (f) => sum(Object.values(f.contextSkipped))).parley;
      const skippedCold = medians(rounds, (f) => sum(Object.values(f.warmupContextSkipped))).parley;
      const coldFirst = medians(rounds, (f) => f.warmup.firstChunkMs.p50);
      const coldFirst99 = medians(rounds, (f) => f.warmup.firstChunkMs.p99);
      const coldFailures = medians(rounds, (f) => f.warmup.failures);
      sections.push(
        `#### ${backend.name}, ${clients} sessions × ${chunks} deltas 50 ms apart\n\n${targetTable('relay', [
          { label: 'delta delay stub → client p50 (ms)', ...p50, digits: 2 },
          {
            label: 'delta delay stub → client p99 (ms)',
            ...p99,
            digits: 2,
            target: '≤ 1.5× relay and ≤ 50 ms',
            met: p99.parley <= 1.5 * p99.baseline && p99.parley <= 50,
          },
          { label: 'server CPU per answer (ms)', ...cpu, digits: 2 },
          { label: 'server peak RSS (MB)', ...rss },
          { label: 'failed answers', ...failures, digits: 0, target: '0', met: failures.parley === 0 },
          { label: 'context parts left out (late, failed, over budget)', parley: skipped, digits: 0 },
          { label: 'warm-up (caches cold): first chunk p50 (ms)', ...coldFirst },
          { label: 'warm-up (caches cold): first chunk p99 (ms)', ...coldFirst99 },
          { label: 'warm-up (caches cold): failed answers', ...coldFailures, digits: 0 },
          { label: 'warm-up (caches cold): context parts left out', parley: skippedCold, digits: 0 },
        ])}${skippedDetail(rounds)}`,
      );
    }
    const markdown = [
      `### Slow streams (median of ${context.rounds} rounds, relay in the same round)`,
      '',
      sections.join('\n\n'),
    ].join('\n');
    return { markdown, figures };
  },
};
