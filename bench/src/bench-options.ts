import { parseArgs } from 'node:util';

/** What one `pnpm bench` run does. */
export interface BenchOptions {
  /** Scenario names to run, in registry order; empty means all. */
  scenarios: string[];
  quick: boolean;
  rounds: number;
  resultsDir: string;
  scaling: ScalingBenchOptions;
}

/** Scenario 1 and the slow streams: clients, messages and the stub's pacing, shared by the relay and Parley. */
export interface SocketBenchOptions {
  clients: number;
  messages: number;
  warmup: number;
  /** Messages of one client alone, before the concurrent phase: Parley's overhead without queueing for CPU. */
  soloMessages: number;
  chunks: number;
  chunkDelayMs: number;
  firstTokenDelayMs: number;
  /** The stub writes each delta as the instant it wrote it, so clients measure each delta's delay. */
  stamped?: boolean;
  /** Text of every delta (long answers); default slices of a fixed ~150-token answer. */
  chunkText?: string;
  /** Upper bound of one measured phase; a phase that runs out fails the run instead of hanging. */
  phaseTimeoutMs: number;
  databaseUrl?: string;
  redisUrl?: string;
  logLevel: string;
  /** Server-process environment on top of the bench's (e.g. SOCKET_CHUNK_COALESCE_MS). */
  serverEnv?: Record<string, string>;
}

/** Scenario 6: history sizes and how long each operation is sampled. */
export interface ScalingBenchOptions {
  sizes: number[];
  iterations: number;
  /** Time cap per operation and size, whichever of it and `iterations` comes first. */
  opBudgetMs: number;
  /** The seeded database, reused by later runs; ignored when `databaseUrl` is set. */
  cacheFile: string;
  fresh: boolean;
  databaseUrl?: string;
}

const FLAGS = {
  scenario: { type: 'string' },
  only: { type: 'string' },
  quick: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  sizes: { type: 'string' },
  'max-messages': { type: 'string' },
  iterations: { type: 'string' },
  fresh: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** `--help`; the scenario list is appended by run-bench.ts from the registry. */
export const USAGE = `Usage: pnpm bench [--scenario a,b] [--quick] [--rounds N] [flags]

  --scenario a,b         scenarios to run (default all)       PARLEY_BENCH_SCENARIOS
  --only a,b             the same as --scenario
  --quick                small sizes, one round: does it run?  PARLEY_BENCH_QUICK=1
  --rounds N             rounds per measurement (3)            PARLEY_BENCH_ROUNDS
  PostgreSQL + Redis instead of SQLite / memory: PARLEY_BENCH_DATABASE_URL, PARLEY_BENCH_REDIS_URL
  A CPU profile of each measured phase: PARLEY_BENCH_PROFILE_DIR=/dir
  A Linux perf record of each socket server's measured phase, summarized: PARLEY_BENCH_PERF_DIR=/dir
  Parley settings passed on to the socket scenarios' server: SOCKET_CHUNK_COALESCE_MS, EMBEDDINGS_BATCH_MS, DATABASE_POOL_MAX

History scaling (scenario history-scaling)
  --sizes A,B,...        history lengths (10,1000,10000,100000)  PARLEY_BENCH_SIZES
  --max-messages N       drop sizes above N                      PARLEY_BENCH_MAX_MESSAGES
  --iterations N         samples per operation and size (300)    PARLEY_BENCH_ITERATIONS
  --fresh                reseed bench/.cache instead of reusing it

Retrieval benchmark (issue 12): lexical search over one user's history, SQLite and, when
PARLEY_BENCH_DATABASE_URL is a postgres:// URL, PostgreSQL
  messages in the history (100000)             PARLEY_BENCH_RETRIEVAL_MESSAGES
  timed searches per database and scope (300)  PARLEY_BENCH_RETRIEVAL_ITERATIONS`;

/** An integer from a flag or an environment variable, or the fallback. */
export function countOf(raw: string | undefined, name: string, fallback: number, min = 0): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name}: expected an integer >= ${min}, got "${raw}"`);
  return value;
}

/** Reads flags first, then `PARLEY_BENCH_*` variables, then the defaults. */
export function parseBenchOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  benchDir: string,
): BenchOptions | 'help' {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true });
  if (values.help) return 'help';
  const quick = values.quick || env.PARLEY_BENCH_QUICK === '1';
  const maxMessages = countOf(
    values['max-messages'] ?? env.PARLEY_BENCH_MAX_MESSAGES,
    'PARLEY_BENCH_MAX_MESSAGES',
    quick ? 1_000 : Number.MAX_SAFE_INTEGER,
    10,
  );
  const sizes = (values.sizes ?? env.PARLEY_BENCH_SIZES ?? '10,1000,10000,100000')
    .split(',')
    .map((size) => countOf(size.trim(), 'PARLEY_BENCH_SIZES', 0, 1))
    .filter((size) => size <= maxMessages)
    .sort((a, b) => a - b);
  const scenarios = (values.scenario ?? values.only ?? env.PARLEY_BENCH_SCENARIOS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    scenarios,
    quick,
    rounds: countOf(values.rounds ?? env.PARLEY_BENCH_ROUNDS, 'PARLEY_BENCH_ROUNDS', quick ? 1 : 3, 1),
    resultsDir: `${benchDir}/results`,
    scaling: {
      sizes,
      iterations: countOf(
        values.iterations ?? env.PARLEY_BENCH_ITERATIONS,
        'PARLEY_BENCH_ITERATIONS',
        quick ? 30 : 300,
        1,
      ),
      opBudgetMs: countOf(env.PARLEY_BENCH_OP_BUDGET_MS, 'PARLEY_BENCH_OP_BUDGET_MS', 3_000, 10),
      cacheFile: `${benchDir}/.cache/scaling-v1.sqlite`,
      fresh: values.fresh,
      databaseUrl: env.PARLEY_BENCH_DATABASE_URL || undefined,
    },
  };
}
