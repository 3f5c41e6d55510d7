import { fixed, formatTable, ratio, signed } from './format-table.js';
import type { PhaseFigures, ServerFigures, SocketBenchResult } from './socket-bench.js';
import type { Summary } from './stats.js';

const MB = 1024 * 1024;
const HEADER = ['', 'baseline', 'Parley', 'Parley − base', 'Parley ÷ base'];

type Row = [label: string, pick: (figures: ServerFigures) => number, digits: number];

function rowsOf(result: SocketBenchResult, rows: Row[]): string[][] {
  return rows.map(([label, pick, digits]) => {
    const base = pick(result.baseline);
    const ours = pick(result.parley);
    return [label, fixed(base, digits), fixed(ours, digits), signed(ours - base, digits), ratio(ours / base)];
  });
}

function latencyRows(phase: (figures: ServerFigures) => PhaseFigures): Row[] {
  const series = (label: string, pick: (figures: PhaseFigures) => Summary): Row[] => [
    [`${label} p50 (ms)`, (figures) => pick(phase(figures)).p50, 2],
    [`${label} p95 (ms)`, (figures) => pick(phase(figures)).p95, 2],
    [`${label} p99 (ms)`, (figures) => pick(phase(figures)).p99, 2],
  ];
  return [
    ...series('first chunk', (figures) => figures.firstChunkMs),
    [`chunk gap mean (ms)`, (figures) => phase(figures).chunkGapMs.mean, 3],
    ...series('chunk gap', (figures) => figures.chunkGapMs),
    ...series('whole answer', (figures) => figures.totalMs),
    ['answers/s (closed loop)', (figures) => phase(figures).answersPerSecond, 1],
  ];
}

/** The R13.1 tables: each figure for the baseline and Parley, their difference and their ratio. */
export function formatSocketReport(result: SocketBenchResult): string {
  const { baseline, parley, settings } = result;
  const setup =
    `stub: ${settings.chunks} chunks ${settings.chunkDelayMs} ms apart, first token after ${settings.firstTokenDelayMs} ms; ` +
    `warm-up ${settings.warmup} message(s) per client; failures baseline ${baseline.solo.failures + baseline.concurrent.failures}, ` +
    `Parley ${parley.solo.failures + parley.concurrent.failures}`;
  const solo = formatTable(
    [`one client, ${settings.soloMessages} messages`, ...HEADER.slice(1)],
    rowsOf(
      result,
      latencyRows((figures) => figures.solo),
    ),
  );
  const concurrent = formatTable(
    [`${settings.clients} clients × ${settings.messages} messages`, ...HEADER.slice(1)],
    rowsOf(
      result,
      latencyRows((figures) => figures.concurrent),
    ),
  );
  const memory = formatTable(
    ['server process memory', ...HEADER.slice(1)],
    rowsOf(result, [
      ['RSS idle (MB)', (figures) => figures.memory.idle.rss / MB, 1],
      ['RSS with clients connected (MB)', (figures) => figures.memory.afterSetup.rss / MB, 1],
      ['RSS peak, concurrent phase (MB)', (figures) => figures.memory.afterRun.peakRss / MB, 1],
      ['live heap after run (MB)', (figures) => figures.memory.afterRun.heapUsed / MB, 1],
      ['client setup (ms)', (figures) => figures.setupMs, 0],
    ]),
  );
  return [setup, solo, concurrent, memory].join('\n\n');
}
