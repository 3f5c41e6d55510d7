import { randomUUID } from 'node:crypto';
import {
  connectBaselineClient,
  connectParleyClient,
  sendAndTime,
  type AnswerSample,
  type BenchClient,
} from './bench-client.js';
import type { SocketBenchOptions } from './bench-options.js';
import type { MemorySample } from './child-protocol.js';
import { mapLimit } from './map-limit.js';
import { PERF_NODE_FLAGS, startPerfRecord } from './perf-recorder.js';
import { spawnChild } from './spawn-child.js';
import { summarize, type Summary } from './stats.js';
import { WorkMeter, type WorkPerAnswer } from './work-meter.js';

export type ServerKind = 'baseline' | 'parley';

/** Latency and throughput of one phase, as the clients saw them. */
export interface PhaseFigures {
  answers: number;
  failures: number;
  firstChunkMs: Summary;
  chunkGapMs: Summary;
  /** Stamped stub only: from the stub writing each delta to the client receiving it. */
  deltaDelayMs: Summary;
  totalMs: Summary;
  /** Closed loop: each client waits for its answer before the next message, so this follows latency. */
  answersPerSecond: number;
  chunksPerAnswer: number;
}

/** The figures of one server in one run: one client alone, then all clients at once. */
export interface ServerFigures {
  kind: ServerKind;
  setupMs: number;
  /** Every client's first message, all at once: the caches (sessions, user memory) cold. Not targeted. */
  warmup: PhaseFigures;
  /** One client, each message sent once the server is idle (the previous answer's jobs done). */
  solo: PhaseFigures;
  /** The same client sending its next message as soon as an answer ends. */
  soloBackToBack: PhaseFigures;
  concurrent: PhaseFigures;
  /** `idle` after start; `afterSetup` after accounts, sessions and sockets; `afterRun` peaks during the concurrent phase. */
  memory: { idle: MemorySample; afterSetup: MemorySample; afterRun: MemorySample };
  /** Server CPU (user + system) of the concurrent phase divided by its answers. */
  cpuMsPerAnswer: number;
  /** Model requests and Redis commands of the concurrent phase (its after-turn jobs included) per answer. */
  work: WorkPerAnswer;
  /**
   * Context parts left out of the concurrent phase's prompts, by `source reason` (a source late,
   * failed or over its budget: the answer streamed with less context). The relay has none.
   */
  contextSkipped: Record<string, number>;
  /** The same for the warm-up, every client's first message: the caches (sessions, user memory) cold. */
  warmupContextSkipped: Record<string, number>;
}

/** Both servers measured with the same clients, stub and settings (R13.1). */
export interface SocketBenchResult {
  settings: SocketBenchOptions;
  baseline: ServerFigures;
  parley: ServerFigures;
}

const SETUP_CONCURRENCY = 10;
const question = (client: number, message: number) =>
  `Client ${client}, question ${message}: how should we structure interviews for a senior backend engineer?`;

/**
 * Starts the stub once, then for each server in turn: a fresh child process, the clients, a
 * warm-up, the measured phase and the child's memory; everything is stopped before returning.
 */
export async function runSocketBench(
  options: SocketBenchOptions,
  log: (line: string) => void,
): Promise<SocketBenchResult> {
  const stubSettings = {
    chunks: options.chunks,
    chunkDelayMs: options.chunkDelayMs,
    firstTokenDelayMs: options.firstTokenDelayMs,
    stamped: options.stamped ?? false,
    ...(options.chunkText ? { chunkText: options.chunkText } : {}),
  };
  const stub = await spawnChild(new URL('./stub-process.ts', import.meta.url), [
    JSON.stringify(stubSettings),
  ]);
  const meter = new WorkMeter(stub, options.redisUrl);
  try {
    log(
      `stub LLM at ${stub.url}: ${options.chunks} chunks, ${options.chunkDelayMs} ms apart, first after ${options.firstTokenDelayMs} ms`,
    );
    const baseline = await measureServer('baseline', stub.url, meter, options, log);
    const parley = await measureServer('parley', stub.url, meter, options, log);
    return { settings: options, baseline, parley };
  } finally {
    await meter.close();
    await stub.stop();
  }
}

async function measureServer(
  kind: ServerKind,
  llmUrl: string,
  meter: WorkMeter,
  options: SocketBenchOptions,
  log: (line: string) => void,
): Promise<ServerFigures> {
  const env = {
    PARLEY_BENCH_LOG_LEVEL: options.logLevel,
    PARLEY_BENCH_DATABASE_URL: options.databaseUrl ?? '',
    PARLEY_BENCH_REDIS_URL: options.redisUrl ?? '',
    PARLEY_BENCH_SERVER_ENV: JSON.stringify(options.serverEnv ?? {}),
  };
  const perfDir = process.env.PARLEY_BENCH_PERF_DIR;
  const server = await spawnChild(
    new URL('./server-process.ts', import.meta.url),
    [kind, llmUrl],
    env,
    perfDir ? PERF_NODE_FLAGS : [],
  );
  const clients: BenchClient[] = [];
  try {
    const idle = await server.memory();
    const setupStarted = performance.now();
    const runId = randomUUID().slice(0, 8);
    const indexes = Array.from({ length: options.clients }, (_, index) => index);
    clients.push(
      ...(await mapLimit(indexes, SETUP_CONCURRENCY, (index) =>
        kind === 'parley'
          ? connectParleyClient(server.url, index, runId)
          : connectBaselineClient(server.url, index),
      )),
    );
    const setupMs = performance.now() - setupStarted;
    log(
      `${kind}: ${clients.length} clients ready in ${setupMs.toFixed(0)} ms (pid ${server.pid}); warming up`,
    );
    // Each phase starts with the server idle: the warm-up's after-turn jobs (extraction, titles)
    // neither slow the lone client nor count towards the concurrent phase, whose own jobs do count.
    const skippedAtStart = await server.counts();
    const warmup = await phase(clients, 0, options.warmup, options);
    await server.idle();
    const warmupContextSkipped = countsSince(skippedAtStart, await server.counts());
    // One client alone, as a person chats: each message once the server finished the previous
    // answer's after-turn jobs; then the same client back to back, those jobs overlapping the next turn.
    const lone = clients.slice(0, 1);
    const solo = await phase(lone, options.warmup, options.soloMessages, options, () => server.idle());
    const soloBackToBack = await phase(
      lone,
      options.warmup + options.soloMessages,
      options.soloMessages,
      options,
    );
    await server.idle();
    const afterSetup = await server.memory();
    const from = options.warmup + 2 * options.soloMessages;
    const profileDir = process.env.PARLEY_BENCH_PROFILE_DIR;
    if (profileDir) await server.profile({ type: 'profile-start' });
    const perf = perfDir
      ? await startPerfRecord(server.pid, `${perfDir}/${kind}-${options.clients}-${server.pid}`, log)
      : undefined;
    const counted = await meter.read();
    const skippedBeforePhase = await server.counts();
    const concurrent = await phase(clients, from, options.messages, options);
    await server.idle();
    const work = await meter.since(counted, concurrent.answers);
    const contextSkipped = countsSince(skippedBeforePhase, await server.counts());
    if (perf) {
      const summary = await perf.stop(concurrent.answers);
      const roles = summary.byRole.map((row) => `${row.role} ${row.msPerAnswer.toFixed(2)}`).join(', ');
      log(`${kind}: perf, ms CPU per answer: ${roles}`);
    }
    if (profileDir)
      await server.profile({
        type: 'profile-stop',
        file: `${profileDir}/${kind}-${options.clients}-${server.pid}`,
      });
    const afterRun = await server.memory();
    log(
      `${kind}: ${concurrent.answers} concurrent answers at ${concurrent.answersPerSecond.toFixed(1)}/s, ${concurrent.failures} failed`,
    );
    const cpuMsPerAnswer =
      (afterRun.cpuMs - afterSetup.cpuMsAfterCollection) / Math.max(1, concurrent.answers);
    return {
      kind,
      setupMs,
      warmup,
      solo,
      soloBackToBack,
      concurrent,
      memory: { idle, afterSetup, afterRun },
      cpuMsPerAnswer,
      work,
      contextSkipped,
      warmupContextSkipped,
    };
  } finally {
    for (const client of clients) client.socket.disconnect();
    await server.stop();
  }
}

/** Each count's growth from `before` to `after`, the kinds that did not grow left out. */
function countsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([kind, count]) => [kind, count - (before[kind] ?? 0)] as const)
      .filter(([, grown]) => grown > 0),
  );
}

/**
 * Every client sends `count` messages one after another, all clients at once, each after `between`
 * resolved; bounded by the phase timeout.
 */
async function phase(
  clients: BenchClient[],
  from: number,
  count: number,
  options: SocketBenchOptions,
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<PhaseFigures> {
  const samples: AnswerSample[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.phaseTimeoutMs;
  await Promise.all(
    clients.map(async (client, index) => {
      for (let message = from; message < from + count; message += 1) {
        const remaining = deadline - performance.now();
        if (remaining <= 0) throw new Error(`phase exceeded ${options.phaseTimeoutMs} ms`);
        try {
          samples.push(await sendAndTime(client, question(index, message), remaining, options.stamped));
          await between();
        } catch (error) {
          failures += 1;
          if (failures === 1) console.error(`first failure: ${(error as Error).message}`);
        }
      }
    }),
  );
  return figures(samples, failures, performance.now() - started);
}

function figures(samples: AnswerSample[], failures: number, elapsedMs: number): PhaseFigures {
  return {
    answers: samples.length,
    failures,
    firstChunkMs: summarize(samples.map((sample) => sample.firstChunkMs)),
    chunkGapMs: summarize(samples.flatMap((sample) => sample.gapsMs)),
    deltaDelayMs: summarize(samples.flatMap((sample) => sample.delaysMs)),
    totalMs: summarize(samples.map((sample) => sample.totalMs)),
    answersPerSecond: samples.length / (elapsedMs / 1000),
    chunksPerAnswer: samples.reduce((sum, sample) => sum + sample.chunks, 0) / Math.max(1, samples.length),
  };
}
