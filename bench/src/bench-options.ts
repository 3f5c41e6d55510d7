import { parseArgs } from 'node:util';

/** What one `pnpm bench` run does; every figure has a flag and an environment variable. */
export interface BenchOptions {
  only: 'all' | 'socket' | 'scaling' | 'retrieval';
  socket: SocketBenchOptions;
  scaling: ScalingBenchOptions;
  resultsFile: string;
}

/** R13.1: clients, messages and the stub's pacing, shared by the baseline and Parley. */
export interface SocketBenchOptions {
  clients: number;
  messages: number;
  warmup: number;
  /** Messages of one client alone, before the concurrent phase: Parley's overhead without queueing for CPU. */
  soloMessages: number;
  chunks: number;
  chunkDelayMs: number;
  firstTokenDelayMs: number;
  /** Upper bound of one measured phase; a phase that runs out fails the run instead of hanging. */
  phaseTimeoutMs: number;
  databaseUrl?: string;
  redisUrl?: string;
  logLevel: string;
}

/** R13.2: history sizes and how long each operation is sampled. */
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
  only: { type: 'string', default: 'all' },
  clients: { type: 'string' },
  messages: { type: 'string' },
  warmup: { type: 'string' },
  solo: { type: 'string' },
  chunks: { type: 'string' },
  'chunk-delay': { type: 'string' },
  'first-token-delay': { type: 'string' },
  sizes: { type: 'string' },
  'max-messages': { type: 'string' },
  iterations: { type: 'string' },
  fresh: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

export const USAGE = `Usage: pnpm bench [--only socket|scaling|retrieval] [flags]

Socket benchmark (R13.1)                                 environment
  --clients N            concurrent clients (50)           PARLEY_BENCH_CLIENTS
  --messages N           measured messages per client (5)  PARLEY_BENCH_MESSAGES
  --warmup N             unmeasured messages first (1)     PARLEY_BENCH_WARMUP
  --solo N               one client alone first (20)       PARLEY_BENCH_SOLO_MESSAGES
  --chunks N             chunks per answer (30)            PARLEY_BENCH_CHUNKS
  --chunk-delay MS       stub pause between chunks (5)     PARLEY_BENCH_CHUNK_DELAY_MS
  --first-token-delay MS stub pause before the answer (20) PARLEY_BENCH_FIRST_TOKEN_MS
  PostgreSQL / Redis for Parley instead of SQLite / memory: PARLEY_BENCH_DATABASE_URL, REDIS_URL

Scaling benchmark (R13.2)
  --sizes A,B,...        history lengths (10,1000,10000,100000)  PARLEY_BENCH_SIZES
  --max-messages N       drop sizes above N                      PARLEY_BENCH_MAX_MESSAGES
  --iterations N         samples per operation and size (300)    PARLEY_BENCH_ITERATIONS
  --fresh                reseed bench/.cache instead of reusing it

Retrieval benchmark (issue 12): lexical search over one user's history, SQLite and, when
PARLEY_BENCH_DATABASE_URL is a postgres:// URL, PostgreSQL
  messages in the history (100000)             PARLEY_BENCH_RETRIEVAL_MESSAGES
  timed searches per database and scope (300)  PARLEY_BENCH_RETRIEVAL_ITERATIONS`;

/** Reads flags first, then `PARLEY_BENCH_*` variables, then the defaults. */
export function parseBenchOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  benchDir: string,
): BenchOptions | 'help' {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true });
  if (values.help) return 'help';
  const count = (flag: string | undefined, name: string, fallback: number, min = 0): number => {
    const raw = flag ?? env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${name}: expected an integer >= ${min}, got "${raw}"`);
    return value;
  };
  const only = values.only;
  if (only !== 'all' && only !== 'socket' && only !== 'scaling' && only !== 'retrieval')
    throw new Error(`--only: expected socket, scaling or retrieval`);
  const maxMessages = count(values['max-messages'], 'PARLEY_BENCH_MAX_MESSAGES', Number.MAX_SAFE_INTEGER, 10);
  const sizes = (values.sizes ?? env.PARLEY_BENCH_SIZES ?? '10,1000,10000,100000')
    .split(',')
    .map((size) => count(size.trim(), 'PARLEY_BENCH_SIZES', 0, 1))
    .filter((size) => size <= maxMessages)
    .sort((a, b) => a - b);
  const databaseUrl = env.PARLEY_BENCH_DATABASE_URL || undefined;
  return {
    only,
    resultsFile: `${benchDir}/results/latest.json`,
    socket: {
      clients: count(values.clients, 'PARLEY_BENCH_CLIENTS', 50, 1),
      messages: count(values.messages, 'PARLEY_BENCH_MESSAGES', 5, 1),
      warmup: count(values.warmup, 'PARLEY_BENCH_WARMUP', 1),
      soloMessages: count(values.solo, 'PARLEY_BENCH_SOLO_MESSAGES', 20),
      chunks: count(values.chunks, 'PARLEY_BENCH_CHUNKS', 30, 1),
      chunkDelayMs: count(values['chunk-delay'], 'PARLEY_BENCH_CHUNK_DELAY_MS', 5),
      firstTokenDelayMs: count(values['first-token-delay'], 'PARLEY_BENCH_FIRST_TOKEN_MS', 20),
      phaseTimeoutMs: count(undefined, 'PARLEY_BENCH_PHASE_TIMEOUT_MS', 120_000, 1_000),
      databaseUrl,
      redisUrl: env.REDIS_URL || undefined,
      logLevel: env.PARLEY_BENCH_LOG_LEVEL ?? 'warn',
    },
    scaling: {
      sizes,
      iterations: count(values.iterations, 'PARLEY_BENCH_ITERATIONS', 300, 1),
      opBudgetMs: count(undefined, 'PARLEY_BENCH_OP_BUDGET_MS', 3_000, 10),
      cacheFile: `${benchDir}/.cache/scaling-v1.sqlite`,
      fresh: values.fresh,
      databaseUrl,
    },
  };
}
