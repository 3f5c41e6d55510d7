import { fixed, ratio } from './format-table.js';

/** One measure of a scenario beside its baseline (the relay, or bare Socket.IO) and its target. */
export interface TargetRow {
  label: string;
  baseline?: number;
  parley: number;
  digits?: number;
  /** How the row is judged, e.g. `≤ 1.5× relay`; met is undefined when the row has no target. */
  target?: string;
  met?: boolean;
}

/** A Markdown table: measure, baseline, Parley, Parley ÷ baseline, target and whether it is met. */
export function targetTable(baselineName: string, rows: readonly TargetRow[]): string {
  const lines = [
    `| measure | ${baselineName} | Parley | Parley ÷ ${baselineName} | target | met |`,
    '| --- | ---: | ---: | ---: | --- | :---: |',
  ];
  for (const row of rows) {
    const digits = row.digits ?? 1;
    const quotient = row.baseline === undefined ? '' : ratio(row.parley / row.baseline);
    const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
    lines.push(
      `| ${row.label} | ${row.baseline === undefined ? '' : fixed(row.baseline, digits)} | ${fixed(row.parley, digits)} | ${quotient} | ${row.target ?? ''} | ${met} |`,
    );
  }
  return lines.join('\n');
}

/** The median of a few rounds' figures (the middle one, or the mean of the two middle ones). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
