import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ContextBuilder, systemInstructions } from '@parley/core/internal';
import { createParley, type Session, type User } from '@parley/core';
import { createGptTokenizerCounter } from '@parley/core/adapters';
import type { ScalingBenchOptions } from './bench-options.js';
import { measureInterleaved } from './measure-op.js';
import { benchUser, seedSession } from './seed-history.js';
import { summarize, type Summary } from './stats.js';

/** The operations R13.2 says must stay flat as a session's history grows. */
export const SCALING_OPS = [
  'context build',
  'history, newest page',
  'history, oldest page (before cursor)',
  'sessions.get (cached)',
  'session row read (store)',
] as const;
export type ScalingOp = (typeof SCALING_OPS)[number];

/** One history length: how it was seeded and µs per call of each operation. */
export interface SizeFigures {
  size: number;
  appended: number;
  seedMs: number;
  /** Messages the context window held (the token budget caps it, not the history). */
  contextMessages: number;
  ops: Record<ScalingOp, Summary>;
}

export interface ScalingBenchResult {
  /** The sizes are listed once, in `sizes`. */
  settings: Omit<ScalingBenchOptions, 'sizes'>;
  database: string;
  sizes: SizeFigures[];
}

const ROUNDS = 5;
const SECRET = 'parley-bench-secret-with-at-least-32-characters';

/**
 * Seeds (or reuses) one session per size in one database, reopens it so SQLite checkpoints the
 * seeding's write-ahead log, then times each operation in rounds, call by call across the sizes
 * (`measureInterleaved`), so load from other processes and the collector's state spread over all
 * sizes alike. `ContextBuilder` is called directly since a chat turn would add the LLM.
 */
export async function runScalingBench(
  options: ScalingBenchOptions,
  log: (line: string) => void,
): Promise<ScalingBenchResult> {
  const database = options.databaseUrl ?? `sqlite:${options.cacheFile}`;
  if (!options.databaseUrl) {
    await mkdir(dirname(options.cacheFile), { recursive: true });
    if (options.fresh) {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${options.cacheFile}${suffix}`, { force: true });
    }
  }
  const open = () =>
    createParley({
      env: {},
      config: { database: { url: database }, logLevel: 'warn', auth: { jwtSecret: SECRET } },
    });
  const seeding = await open();
  const seeded: Array<{ size: number; session: Session; appended: number; seedMs: number }> = [];
  let user: User;
  try {
    user = await benchUser(seeding);
    for (const size of options.sizes) {
      const { session, appended, seedMs } = await seedSession(seeding, user.id, size, log);
      if (appended > 0)
        log(
          `seeded history-${size}: ${appended} messages in ${(seedMs / 1000).toFixed(1)} s (${(appended / (seedMs / 1000)).toFixed(0)}/s)`,
        );
      seeded.push({ size, session, appended, seedMs });
    }
  } finally {
    await seeding.close();
  }

  const parley = await open();
  try {
    const { contextTokens, outputReserveTokens } = parley.config.llm;
    const tokens = createGptTokenizerCounter();
    const context = new ContextBuilder({
      store: parley.internal.store,
      tokens,
      sources: [systemInstructions('You are a hiring assistant.', tokens)],
      budgetTokens: contextTokens - outputReserveTokens,
      sourceTimeoutMs: parley.config.chat.contextSourceTimeoutMs,
      logger: parley.logger,
    });
    const runs = seeded.map(({ size, session }) => {
      const deepCursor = Math.min(size, 50) + 1;
      const calls: Record<ScalingOp, () => Promise<unknown>> = {
        'context build': () =>
          context.build({
            userId: session.userId,
            sessionId: session.id,
            userMessage: { seq: session.lastSeq, content: '' },
          }),
        'history, newest page': () => parley.conversation.history(user.id, session.id, { limit: 50 }),
        'history, oldest page (before cursor)': () =>
          parley.conversation.history(user.id, session.id, { limit: 50, before: deepCursor }),
        'sessions.get (cached)': () => parley.sessions.get(user.id, session.id),
        'session row read (store)': () => parley.internal.store.sessions.findById(session.id),
      };
      const samples = Object.fromEntries(SCALING_OPS.map((op) => [op, [] as number[]])) as Record<
        ScalingOp,
        number[]
      >;
      return { calls, samples };
    });
    const perRound = Math.ceil(options.iterations / ROUNDS);
    const budget = options.opBudgetMs / ROUNDS;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const op of SCALING_OPS) {
        const timed = await measureInterleaved(
          runs.map(({ calls }) => calls[op]),
          perRound,
          budget,
        );
        for (const [index, { samples }] of runs.entries()) samples[op].push(...timed[index]!);
      }
    }
    const sizes: SizeFigures[] = [];
    for (const [index, { size, session, appended, seedMs }] of seeded.entries()) {
      const { samples } = runs[index]!;
      const ops = Object.fromEntries(SCALING_OPS.map((op) => [op, summarize(samples[op])])) as Record<
        ScalingOp,
        Summary
      >;
      const contextMessages =
        (
          await context.build({
            userId: session.userId,
            sessionId: session.id,
            userMessage: { seq: session.lastSeq, content: '' },
          })
        ).messages.length - 1;
      sizes.push({ size, appended, seedMs, contextMessages, ops });
    }
    log(`measured ${seeded.length} sizes in ${ROUNDS} interleaved rounds`);
    const { sizes: _listedBelow, ...settings } = options;
    return {
      settings,
      database: options.databaseUrl ? 'PARLEY_BENCH_DATABASE_URL' : database,
      sizes,
    };
  } finally {
    await parley.close();
  }
}
