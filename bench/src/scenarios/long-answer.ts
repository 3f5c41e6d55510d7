import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBaselineClient, connectParleyClient, sendAndTime } from '../bench-client.js';
import { heapBytesByType, type HeapBytesByType } from '../heap-snapshot-objects.js';
import type { Scenario } from '../scenario.js';
import { spawnChild, type ChildHandle } from '../spawn-child.js';
import { EMBEDDED_DEFAULT } from './socket-load.js';
import { medianOf, targetTable } from '../target-table.js';

const DELTA = 'token ';
/** How far into the answer (as the client counts deltas) the heap is read. */
const LATE_SHARE = 0.9;
const KB = 1024;

interface AnswerFigures {
  chunks: number;
  answerBytes: number;
  /**
   * Growth of the objects reachable in a heap snapshot taken nine tenths into the answer, against one
   * taken before it (compiled code and bytecode left out): what the server holds while it streams.
   */
  retainedBytes: number;
  /** Growth of the snapshots' compiled code and bytecode meanwhile: functions compiled during the answer. */
  compiledBytes: number;
  allocatedBytes: number;
}

/**
 * Scenario 4 (issue 14): one very long answer (13,000 deltas) through the server — the live heap it
 * holds while streaming, and the bytes allocated, which must grow with the answer (measured at a
 * tenth of the length too), not with deltas × length.
 */
export const longAnswerScenario: Scenario = {
  name: 'long-answer',
  summary: 'one answer of 13,000 deltas: heap retained while streaming, bytes allocated (linear?)',
  async run(context) {
    const long = context.quick ? 2_000 : 13_000;
    const sizes = [long / 10, long];
    const figures: Record<string, { baseline: AnswerFigures[]; parley: AnswerFigures[] }> = {};
    for (const chunks of sizes) {
      const stub = await spawnChild(new URL('../stub-process.ts', import.meta.url), [
        JSON.stringify({ chunks, chunkDelayMs: 0, firstTokenDelayMs: 0, chunkText: DELTA }),
      ]);
      try {
        const rounds = { baseline: [] as AnswerFigures[], parley: [] as AnswerFigures[] };
        for (let round = 0; round < context.rounds; round += 1) {
          for (const kind of ['baseline', 'parley'] as const)
            rounds[kind].push(await measure(kind, stub.url, chunks));
        }
        figures[chunks] = rounds;
        context.log(
          `${chunks} deltas: Parley allocated ${(medianOf(rounds.parley.map((r) => r.allocatedBytes)) / KB).toFixed(0)} KB`,
        );
      } finally {
        await stub.stop();
      }
    }
    const pick = (chunks: number, f: (a: AnswerFigures) => number) => ({
      baseline: medianOf(figures[chunks]!.baseline.map(f)),
      parley: medianOf(figures[chunks]!.parley.map(f)),
    });
    const answerKb = (long * DELTA.length) / KB;
    const retained = pick(long, (a) => a.retainedBytes / KB);
    const retainedShort = pick(long / 10, (a) => a.retainedBytes / KB);
    const compiled = pick(long, (a) => a.compiledBytes / KB);
    const allocatedLong = pick(long, (a) => a.allocatedBytes / KB);
    const allocatedShort = pick(long / 10, (a) => a.allocatedBytes / KB);
    const growth = allocatedLong.parley / allocatedShort.parley;
    const markdown = [
      `### One long answer (SQLite, in-process bus; ${long.toLocaleString('en-US')} deltas of "${DELTA}", ${answerKb.toFixed(0)} KB; median of ${context.rounds} rounds)`,
      '',
      targetTable('relay', [
        {
          label: 'heap retained while streaming, objects (KB)',
          ...retained,
          target: `≤ 3× the answer (${(3 * answerKb).toFixed(0)} KB)`,
          met: retained.parley <= 3 * answerKb,
        },
        {
          label: `heap retained while streaming, objects, ${(long / 10).toLocaleString('en-US')} deltas (KB)`,
          ...retainedShort,
        },
        { label: 'code compiled while streaming, not counted above (KB)', ...compiled },
        {
          label: `bytes allocated, ${(long / 10).toLocaleString('en-US')} deltas (KB)`,
          ...allocatedShort,
          digits: 0,
        },
        {
          label: `bytes allocated, ${long.toLocaleString('en-US')} deltas (KB)`,
          ...allocatedLong,
          digits: 0,
        },
        {
          label: 'allocation growth for 10× the answer',
          parley: growth,
          digits: 1,
          target: 'linear (≈ 10×, not ≈ 100×)',
          met: growth < 20,
        },
      ]),
    ].join('\n');
    return { markdown, figures };
  },
};

async function measure(kind: 'baseline' | 'parley', llmUrl: string, chunks: number): Promise<AnswerFigures> {
  const server = await spawnChild(
    new URL('../server-process.ts', import.meta.url),
    [kind, llmUrl],
    EMBEDDED_DEFAULT,
  );
  try {
    const runId = randomUUID().slice(0, 8);
    const connect = (index: number) =>
      kind === 'parley'
        ? connectParleyClient(server.url, index, runId)
        : connectBaselineClient(server.url, index);
    // A warm-up answer first, so what the first answer loads is not charged to the measured one; in
    // a session of its own, so the measured prompt does not carry it as history (the relay keeps none).
    const warm = await connect(0);
    await sendAndTime(warm, 'Warm up.', 120_000);
    warm.socket.disconnect();
    const client = await connect(1);
    // The warm-up's after-turn jobs (extraction, title, embeddings) are not the measured answer's.
    await server.idle();
    const snapshots = await mkdtemp(join(tmpdir(), 'parley-long-answer-'));
    try {
      const before = await heapBytesOf(server, join(snapshots, 'before.heapsnapshot'));
      await server.profile({ type: 'allocations-start' });
      // Near the end of the answer, while the server still holds it: the most it holds.
      let late: Promise<HeapBytesByType> | undefined;
      let received = 0;
      const onChunk = (payload: { count?: number }) => {
        received += payload.count ?? 1;
        if (late || received < chunks * LATE_SHARE) return;
        late = heapBytesOf(server, join(snapshots, 'late.heapsnapshot'));
        // Awaited once the answer is in; a failure then fails the run, not the process before it.
        late.catch(() => undefined);
      };
      client.socket.on('assistant_chunk', onChunk);
      const sample = await sendAndTime(client, 'Write a very long answer.', 120_000);
      client.socket.off('assistant_chunk', onChunk);
      const during = await late;
      const allocatedBytes = (await server.profile({ type: 'allocations-stop' })) ?? Number.NaN;
      client.socket.disconnect();
      if (sample.chunks !== chunks || !during)
        throw new Error(`long-answer: ${sample.chunks} of ${chunks} deltas arrived`);
      const grown = (type: string) => (during[type] ?? 0) - (before[type] ?? 0);
      const types = new Set([...Object.keys(before), ...Object.keys(during)]);
      return {
        chunks,
        answerBytes: chunks * DELTA.length,
        retainedBytes: [...types]
          .filter((type) => type !== 'code')
          .reduce((sum, type) => sum + grown(type), 0),
        compiledBytes: grown('code'),
        allocatedBytes,
      };
    } finally {
      await rm(snapshots, { recursive: true, force: true });
    }
  } finally {
    await stopQuietly(server);
  }
}

/** The live objects of the server by type, from a heap snapshot written to `file` and read back. */
async function heapBytesOf(server: ChildHandle, file: string): Promise<HeapBytesByType> {
  await server.heapSnapshot(file);
  const bytes = await heapBytesByType(file);
  await rm(file, { force: true });
  return bytes;
}

async function stopQuietly(server: ChildHandle): Promise<void> {
  await server.stop().catch(() => undefined);
}
