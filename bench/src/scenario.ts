import type { BenchOptions } from './bench-options.js';

/** What every scenario gets from `pnpm bench`: the size preset, the rounds and a progress line. */
export interface ScenarioContext {
  /** `--quick`: small sizes and one round, to check that a scenario runs, not to quote its figures. */
  quick: boolean;
  /** Rounds per measurement; the tables show the median round. */
  rounds: number;
  env: NodeJS.ProcessEnv;
  /** Everything parsed from the command line (scenario-specific flags such as `--sizes`). */
  options: BenchOptions;
  log(line: string): void;
}

/** A scenario's report: a Markdown section for stdout and results/*.md, and its figures for results/*.json. */
export interface ScenarioResult {
  markdown: string;
  figures: unknown;
}

/** One `pnpm bench --scenario <name>`; registered in scenarios.ts. */
export interface Scenario {
  name: string;
  /** One line for `--help`. */
  summary: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}
