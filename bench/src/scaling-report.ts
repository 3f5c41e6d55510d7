import { fixed, formatTable, ratio } from './format-table.js';
import { SCALING_OPS, type ScalingBenchResult } from './scaling-bench.js';

/** The R13.2 table: median µs per call for each history length, and its ratio to the smallest (flat ≈ 1.00×). */
export function formatScalingReport(result: ScalingBenchResult): string {
  const [first] = result.sizes;
  if (!first) return 'no sizes to measure';
  // Below about 1,000 messages the page and the context window are not yet full, so the smallest
  // session does less work; the largest against 1,000 shows growth once both are full.
  const full = result.sizes.find((figures) => figures.size >= 1_000 && figures !== first);
  const last = result.sizes.at(-1)!;
  const sizes = result.sizes.map((figures) => figures.size.toLocaleString('en-US'));
  const tail = full && full !== last ? [`${sizes.at(-1)} ÷ ${full.size.toLocaleString('en-US')}`] : [];
  const header = ['median µs/call (÷ smallest)', ...sizes, ...tail];
  const rows = SCALING_OPS.map((op) => [
    op,
    ...result.sizes.map((figures) => {
      const value = figures.ops[op].p50;
      return `${fixed(value, 0)} (${ratio(value / first.ops[op].p50)})`;
    }),
    ...(tail.length > 0 ? [ratio(last.ops[op].p50 / full!.ops[op].p50)] : []),
  ]);
  rows.push([
    'p95 context build (µs)',
    ...result.sizes.map((figures) => fixed(figures.ops['context build'].p95, 0)),
  ]);
  rows.push([
    'messages in context window',
    ...result.sizes.map((figures) => String(figures.contextMessages)),
  ]);
  rows.push(['samples per op', ...result.sizes.map((figures) => String(figures.ops['context build'].count))]);
  return `database: ${result.database}\n\n${formatTable(header, rows)}`;
}
