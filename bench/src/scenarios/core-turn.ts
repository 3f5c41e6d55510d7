import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley, type Parley } from '@parley/core';
import { PhaseProfiler } from '../phase-profiler.js';
import { spawnChild } from '../spawn-child.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { medianOf, targetTable } from '../target-table.js';

const SECRET = 'parley-bench-secret-with-at-least-32-characters';
const QUESTION = 'How should we structure interviews for a senior backend engineer?';
const TARGET_CPU_MS = 2.5;
/** The built-in after-turn jobs, replaced by ones that never run: the scenario times the turn itself. */
const AFTER_TURN_JOBS = [
  'summarize',
  'session-title',
  'extract-requirements',
  'brief',
  'mark-questions-asked',
  'memory-learn',
  'memory-defaults',
  'embed-messages',
];

/** One concurrency level: CPU per turn and turns per second, each the median of the rounds. */
export interface CoreTurnFigures {
  concurrency: number;
  turnsPerRound: number;
  cpuMsPerTurn: number;
  turnsPerSecond: number;
  rounds: Array<{ cpuMsPerTurn: number; turnsPerSecond: number }>;
}

/**
 * Scenario 5 (issue 14): the chat turn alone, no server — load the session and its history, stream
 * 32 chunks from the stub (another process, so its CPU is not counted), store both messages — with
 * 1 and 50 sessions answering at once, on SQLite and (when the bench names one) PostgreSQL.
 * After-turn jobs (titles, summaries, extraction, memory, embeddings) are switched off: they run
 * off the answer's path and are not the turn's work. CPU is this process's `process.cpuUsage()`,
 * which other load on the machine does not inflate the way it inflates wall time.
 */
export const coreTurnScenario: Scenario = {
  name: 'core-turn',
  summary: 'the chat turn in the core alone at concurrency 1 and 50: CPU per turn, turns/s',
  async run(context) {
    const stub = await spawnChild(new URL('../stub-process.ts', import.meta.url), [
      JSON.stringify({ chunks: 32, chunkDelayMs: 0, firstTokenDelayMs: 0 }),
    ]);
    try {
      const sections: string[] = [];
      const figures: Record<string, CoreTurnFigures[]> = {};
      for (const database of databasesOf(context)) {
        const levels = await measureDatabase(context, stub.url, database.url);
        figures[database.name] = levels;
        sections.push(`#### ${database.name}\n\n${targetTable('–', levels.flatMap(rowsOf))}`);
      }
      const markdown = [
        `### Core turn (32-chunk answers, no delay, after-turn jobs off; median of ${context.rounds} rounds)`,
        '',
        sections.join('\n\n'),
      ].join('\n');
      return { markdown, figures };
    } finally {
      await stub.stop();
    }
  },
};

/** SQLite (a fresh file) always, and PostgreSQL when `PARLEY_BENCH_DATABASE_URL` names one. */
function databasesOf(context: ScenarioContext): Array<{ name: string; url?: string }> {
  const url = context.env.PARLEY_BENCH_DATABASE_URL || undefined;
  return url ? [{ name: 'SQLite' }, { name: 'PostgreSQL', url }] : [{ name: 'SQLite' }];
}

function rowsOf(level: CoreTurnFigures) {
  return [
    {
      label: `CPU per turn, ${level.concurrency} at once (ms)`,
      parley: level.cpuMsPerTurn,
      digits: 2,
      ...(level.concurrency === 50
        ? { target: `≤ ${TARGET_CPU_MS} ms`, met: level.cpuMsPerTurn <= TARGET_CPU_MS }
        : {}),
    },
    { label: `turns/s, ${level.concurrency} at once`, parley: level.turnsPerSecond, digits: 1 },
  ];
}

/** Both concurrency levels on one database: a fresh Parley, its own users and sessions. */
async function measureDatabase(
  context: ScenarioContext,
  llmUrl: string,
  databaseUrl: string | undefined,
): Promise<CoreTurnFigures[]> {
  const dir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'parley-core-'));
  const parley = await createParley({
    env: {},
    config: {
      database: { url: databaseUrl ?? `sqlite:${join(dir!, 'parley.db')}` },
      auth: { jwtSecret: SECRET },
      logLevel: 'warn',
      llm: { baseUrl: llmUrl, apiKey: 'bench', model: 'stub-model' },
      chat: { maxTurnsPerUser: 10_000 },
    },
    afterTurn: AFTER_TURN_JOBS.map((name) => ({
      name,
      on: 'answer' as const,
      when: () => false,
      run: () => Promise.resolve(),
    })),
  });
  try {
    const levels = context.quick
      ? [
          { concurrency: 1, turns: 20 },
          { concurrency: 50, turns: 2 },
        ]
      : [
          { concurrency: 1, turns: 100 },
          { concurrency: 50, turns: 12 },
        ];
    const figures: CoreTurnFigures[] = [];
    for (const level of levels)
      figures.push(await measureLevel(parley, level, context, databaseUrl ? 'pg' : 'sqlite'));
    return figures;
  } finally {
    await parley.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

async function measureLevel(
  parley: Parley,
  level: { concurrency: number; turns: number },
  context: ScenarioContext,
  database: string,
): Promise<CoreTurnFigures> {
  const user = await parley.auth.register({
    email: `core-${level.concurrency}-${Date.now()}@parley.local`,
    password: 'correct horse battery staple',
  });
  const sessions = await Promise.all(
    Array.from({ length: level.concurrency }, () => parley.sessions.create(user.id)),
  );
  const turn = async (sessionId: string) => {
    const running = await parley.chat.send({ userId: user.id, sessionId, content: QUESTION });
    for await (const event of running.events)
      if (event.type === 'assistant_error') throw new Error(event.error.code);
    await running.done;
  };
  // Warm-up: JIT, and the first turn of each session runs its title job.
  await Promise.all(sessions.map((session) => turn(session.id)));
  await parley.chat.idle();
  const rounds: CoreTurnFigures['rounds'] = [];
  const profileDir = context.env.PARLEY_BENCH_PROFILE_DIR;
  const profiler = new PhaseProfiler();
  for (let round = 0; round < context.rounds; round += 1) {
    if (profileDir && round === 0) await profiler.start();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      sessions.map(async (session) => {
        for (let index = 0; index < level.turns; index += 1) await turn(session.id);
      }),
    );
    await parley.chat.idle();
    const elapsedMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (profileDir && round === 0)
      await profiler.stop(`${profileDir}/core-turn-${database}-${level.concurrency}`);
    const turns = level.concurrency * level.turns;
    rounds.push({
      cpuMsPerTurn: (used.user + used.system) / 1000 / turns,
      turnsPerSecond: turns / (elapsedMs / 1000),
    });
    context.log(
      `core turn ${database} ×${level.concurrency}, round ${round + 1}: ${rounds.at(-1)!.cpuMsPerTurn.toFixed(2)} ms CPU/turn, ${rounds.at(-1)!.turnsPerSecond.toFixed(0)} turns/s`,
    );
  }
  return {
    concurrency: level.concurrency,
    turnsPerRound: level.concurrency * level.turns,
    cpuMsPerTurn: medianOf(rounds.map((round) => round.cpuMsPerTurn)),
    turnsPerSecond: medianOf(rounds.map((round) => round.turnsPerSecond)),
    rounds,
  };
}
