import type { SocketBenchOptions } from '../bench-options.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { runSocketBench, type ServerFigures, type SocketBenchResult } from '../socket-bench.js';
import { medianOf, targetTable, type TargetRow } from '../target-table.js';

const MB = 1024 * 1024;

/** The backends measured: SQLite always, PostgreSQL + Redis when the bench's service env names them. */
export function backendsOf(
  env: NodeJS.ProcessEnv,
): Array<{ name: string; databaseUrl?: string; redisUrl?: string }> {
  const databaseUrl = env.PARLEY_BENCH_DATABASE_URL || undefined;
  const redisUrl = env.PARLEY_BENCH_REDIS_URL || undefined;
  const sqlite = { name: 'SQLite' };
  return databaseUrl && redisUrl ? [sqlite, { name: 'PostgreSQL + Redis', databaseUrl, redisUrl }] : [sqlite];
}

/**
 * The environment that pins a server child to the embedded default (SQLite, in-process cache and
 * bus, no Redis adapter on either side), whatever the bench's own environment names: the scenarios
 * that measure one process's memory are about Parley's default, not the cluster plumbing.
 */
export const EMBEDDED_DEFAULT = { PARLEY_BENCH_DATABASE_URL: '', PARLEY_BENCH_REDIS_URL: '' };

/** Parley settings the bench passes on to the server from its own environment, to compare values. */
const FORWARDED_SETTINGS = [
  'SOCKET_CHUNK_COALESCE_MS',
  'EMBEDDINGS_BATCH_MS',
  'DATABASE_POOL_MAX',
  'CHAT_CONTEXT_SOURCE_TIMEOUT_MS',
];

/** The settings every socket scenario starts from; each overrides its load and pacing. */
export function socketSettings(
  env: NodeJS.ProcessEnv,
  load: Partial<SocketBenchOptions>,
): SocketBenchOptions {
  return {
    clients: 100,
    messages: 3,
    warmup: 1,
    soloMessages: 0,
    chunks: 32,
    chunkDelayMs: 0,
    firstTokenDelayMs: 0,
    phaseTimeoutMs: Number(env.PARLEY_BENCH_PHASE_TIMEOUT_MS) || 180_000,
    logLevel: env.PARLEY_BENCH_LOG_LEVEL ?? 'warn',
    serverEnv: Object.fromEntries(FORWARDED_SETTINGS.flatMap((key) => (env[key] ? [[key, env[key]]] : []))),
    ...load,
  };
}

/** The median over rounds of one figure, for the relay and for Parley. */
export function medians(rounds: SocketBenchResult[], pick: (figures: ServerFigures) => number) {
  return {
    baseline: medianOf(rounds.map((round) => pick(round.baseline))),
    parley: medianOf(rounds.map((round) => pick(round.parley))),
  };
}

/**
 * Scenario 1 (issue 14): 100 and 200 concurrent sessions × 3 messages, 32-chunk answers with no
 * delay, against the bare relay in the same round; one client alone first for the unloaded overhead.
 */
export const socketLoadScenario: Scenario = {
  name: 'socket-load',
  summary:
    '100 and 200 sessions × 3 messages over Socket.IO, 32-chunk answers: CPU/answer, answers/s, first chunk, RSS',
  async run(context) {
    const sizes = context.quick
      ? [20]
      : (context.env.PARLEY_BENCH_CLIENTS ?? '100,200').split(',').map(Number);
    const sections: string[] = [];
    const figures: Record<string, unknown> = {};
    for (const backend of backendsOf(context.env)) {
      for (const clients of sizes) {
        const rounds = await measureRounds(context, backend, clients);
        const key = `${backend.name}, ${clients} sessions`;
        figures[key] = rounds;
        sections.push(
          `#### ${key} × 3 messages\n\n${targetTable('relay', socketRows(rounds, clients === sizes[0]))}`,
        );
      }
    }
    const markdown = [
      `### Socket load (32-chunk answers, no delay; median of ${context.rounds} rounds, relay in the same round)`,
      '',
      sections.join('\n\n'),
    ].join('\n');
    return { markdown, figures };
  },
};

async function measureRounds(
  context: ScenarioContext,
  backend: { name: string; databaseUrl?: string; redisUrl?: string },
  clients: number,
): Promise<SocketBenchResult[]> {
  const rounds: SocketBenchResult[] = [];
  for (let round = 0; round < context.rounds; round += 1) {
    const settings = socketSettings(context.env, {
      clients,
      soloMessages: context.quick ? 5 : 20,
      ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
      ...(backend.redisUrl ? { redisUrl: backend.redisUrl } : {}),
    });
    const result = await runSocketBench(settings, context.log);
    rounds.push(result);
    context.log(
      `${backend.name} ×${clients}, round ${round + 1}: CPU/answer relay ${result.baseline.cpuMsPerAnswer.toFixed(2)} ms, Parley ${result.parley.cpuMsPerAnswer.toFixed(2)} ms`,
    );
  }
  return rounds;
}

function socketRows(rounds: SocketBenchResult[], withSolo: boolean): TargetRow[] {
  const cpu = medians(rounds, (f) => f.cpuMsPerAnswer);
  const rate = medians(rounds, (f) => f.concurrent.answersPerSecond);
  const first = medians(rounds, (f) => f.concurrent.firstChunkMs.p50);
  const first99 = medians(rounds, (f) => f.concurrent.firstChunkMs.p99);
  const rss = medians(rounds, (f) => f.memory.afterRun.peakRss / MB);
  const solo = medians(rounds, (f) => f.solo.firstChunkMs.p50);
  const backToBack = medians(rounds, (f) => f.soloBackToBack.firstChunkMs.p50);
  const failures = medians(
    rounds,
    (f) => f.concurrent.failures + f.solo.failures + f.soloBackToBack.failures,
  );
  const rows: TargetRow[] = [
    {
      label: 'server CPU per answer (ms)',
      ...cpu,
      digits: 2,
      target: '≤ 1.5× relay',
      met: cpu.parley <= 1.5 * cpu.baseline,
    },
    { label: 'answers/s', ...rate, target: '≥ 0.7× relay', met: rate.parley >= 0.7 * rate.baseline },
    {
      label: 'first chunk p50 (ms)',
      ...first,
      ...(withSolo ? { target: '≤ 1.3× relay', met: first.parley <= 1.3 * first.baseline } : {}),
    },
    { label: 'first chunk p99 (ms)', ...first99 },
    { label: 'server peak RSS (MB)', ...rss, target: '≤ 1.5× relay', met: rss.parley <= 1.5 * rss.baseline },
    { label: 'failed answers', ...failures, digits: 0, target: '0', met: failures.parley === 0 },
    // The work behind the CPU figures, which these counts show without the machine's noise.
    {
      label: 'model requests per answer',
      ...medians(rounds, (f) => f.work.modelRequestsTotal),
      digits: 2,
    },
  ];
  if (rounds.every((round) => round.parley.work.redisCommands !== undefined))
    rows.push({
      label: 'Redis commands per answer',
      ...medians(rounds, (f) => f.work.redisCommands ?? 0),
      digits: 1,
    });
  if (withSolo) {
    rows.push({
      label: 'one client: first chunk p50 (ms)',
      ...solo,
      digits: 2,
      target: '≤ relay + 2 ms',
      met: solo.parley <= solo.baseline + 2,
    });
    rows.push({ label: 'one client back to back: first chunk p50 (ms)', ...backToBack, digits: 2 });
  }
  return rows;
}
