import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley, type Parley } from '@parley/core';
import { median } from '../stats.js';
import { streamCompletion } from '../stream-completion.js';
import { spawnChild } from '../spawn-child.js';
import type { Scenario } from '../scenario.js';
import { medianOf, targetTable, type TargetRow } from '../target-table.js';

const SECRET = 'parley-bench-secret-with-at-least-32-characters';
/** Turns of a session whose history the window still holds (no summary, no search). */
const SHORT_TURNS = 20;
/** Embeddings endpoint latencies measured: the stub's own, and a provider's typical. */
const EMBEDDING_DELAYS_MS = [0, 30];
const BARE_REQUESTS = 30;
/** Topics the messages rotate through, so the lexical and vector searches have something to find. */
const TOPICS = ['salary band', 'remote policy', 'Berlin office', 'Go and Kubernetes', 'start date', 'visa'];

/** One embeddings latency: first-chunk p50s of one round. */
interface LongSessionRound {
  bareMs: number;
  shortMs: number;
  pastWindowMs: number;
  pastWindowTurns: number;
}

/**
 * Issue 14, "Next steps" 9: one session, turn by turn (each once the previous one's after-turn jobs
 * are done, as a person chats), with a window of 4,000 tokens so that summaries and retrieval start
 * after about 20 turns: the first chunk of its first 20 turns, of its turns once its row shows a
 * summary (the retrieved source then embeds the question and searches), and of a bare streaming
 * request to the same stub, for an embeddings endpoint answering at once and in 30 ms. The core
 * alone on SQLite, after-turn jobs on; the stub runs in another process.
 */
export const longSessionScenario: Scenario = {
  name: 'long-session',
  summary: 'one session past its window, turn by turn: the first chunk once retrieval embeds and searches',
  async run(context) {
    const turns = context.quick ? 40 : 80;
    const sections: string[] = [];
    const figures: Record<string, LongSessionRound[]> = {};
    for (const delayMs of EMBEDDING_DELAYS_MS) {
      const stub = await spawnChild(new URL('../stub-process.ts', import.meta.url), [
        JSON.stringify({ chunks: 32, chunkDelayMs: 0, firstTokenDelayMs: 0, embeddingDelayMs: delayMs }),
      ]);
      try {
        const rounds: LongSessionRound[] = [];
        for (let round = 0; round < context.rounds; round += 1) {
          rounds.push(await measureRound(stub.url, turns));
          const last = rounds.at(-1)!;
          context.log(
            `long session, embeddings in ${delayMs} ms, round ${round + 1}: first chunk p50 ${last.shortMs.toFixed(2)} ms (turns 1–${SHORT_TURNS}), ${last.pastWindowMs.toFixed(2)} ms past the window (${last.pastWindowTurns} turns), bare ${last.bareMs.toFixed(2)} ms`,
          );
        }
        figures[`embeddings in ${delayMs} ms`] = rounds;
        sections.push(
          `#### Embeddings endpoint answering in ${delayMs} ms\n\n${targetTable('bare request', rowsOf(rounds))}`,
        );
      } finally {
        await stub.stop();
      }
    }
    const markdown = [
      `### Long session (one session, ${turns} turns one at a time, window 4,000 tokens, SQLite, after-turn jobs on; median of ${context.rounds} rounds)`,
      '',
      sections.join('\n\n'),
    ].join('\n');
    return { markdown, figures };
  },
};

function rowsOf(rounds: LongSessionRound[]): TargetRow[] {
  const bare = medianOf(rounds.map((round) => round.bareMs));
  return [
    {
      label: `first chunk p50, turns 1–${SHORT_TURNS} (ms)`,
      baseline: bare,
      parley: medianOf(rounds.map((round) => round.shortMs)),
      digits: 2,
    },
    {
      label: 'first chunk p50, turns past the window (ms)',
      baseline: bare,
      parley: medianOf(rounds.map((round) => round.pastWindowMs)),
      digits: 2,
    },
  ];
}

/** A fresh core and session: the bare requests, then every turn, each once the previous one's jobs are done. */
async function measureRound(llmUrl: string, turns: number): Promise<LongSessionRound> {
  const bare: number[] = [];
  for (let index = 0; index < BARE_REQUESTS; index += 1) bare.push(await bareFirstChunk(llmUrl));
  const dir = await mkdtemp(join(tmpdir(), 'parley-long-'));
  const parley = await createParley({
    env: {},
    config: {
      database: { url: `sqlite:${join(dir, 'parley.db')}` },
      auth: { jwtSecret: SECRET },
      logLevel: 'warn',
      llm: {
        baseUrl: llmUrl,
        apiKey: 'bench',
        model: 'stub-model',
        contextTokens: 4_000,
        outputReserveTokens: 512,
      },
    },
  });
  try {
    const user = await parley.auth.register({
      email: `long-${Date.now()}@parley.local`,
      password: 'correct horse battery staple',
    });
    const session = await parley.sessions.create(user.id);
    const short: number[] = [];
    const pastWindow: number[] = [];
    for (let index = 0; index < turns; index += 1) {
      const summarized = (await parley.sessions.get(user.id, session.id)).summaryToSeq > 0;
      const firstChunkMs = await turn(parley, user.id, session.id, index);
      if (index < SHORT_TURNS) short.push(firstChunkMs);
      else if (summarized) pastWindow.push(firstChunkMs);
      await parley.chat.idle();
    }
    return {
      bareMs: median(bare),
      shortMs: median(short),
      pastWindowMs: median(pastWindow),
      pastWindowTurns: pastWindow.length,
    };
  } finally {
    await parley.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from `send` to the turn's first chunk. */
async function turn(parley: Parley, userId: string, sessionId: string, index: number): Promise<number> {
  const topic = TOPICS[index % TOPICS.length];
  const started = performance.now();
  const running = await parley.chat.send({
    userId,
    sessionId,
    content: `Message ${index}: about the ${topic} for the senior backend role, what should we decide next?`,
  });
  let firstChunkMs = Number.NaN;
  for await (const event of running.events) {
    if (event.type === 'assistant_chunk' && Number.isNaN(firstChunkMs))
      firstChunkMs = performance.now() - started;
    if (event.type === 'assistant_error') throw new Error(event.error.code);
  }
  await running.done;
  return firstChunkMs;
}

/** Milliseconds from sending a streaming chat completion straight to the stub (as the relay does) to its first delta. */
async function bareFirstChunk(llmUrl: string): Promise<number> {
  const started = performance.now();
  const deltas = streamCompletion(llmUrl, [{ role: 'user', content: 'Hello' }]);
  await deltas.next();
  const firstChunkMs = performance.now() - started;
  await deltas.return(undefined);
  return firstChunkMs;
}
