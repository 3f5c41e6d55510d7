import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { perfMarkdown, summarizePerfScript, type PerfSummary } from './perf-summary.js';

/** Samples per second: often enough for a phase of a second or two, rare enough to stay cheap. */
const FREQUENCY_HZ = 1999;
const ATTACH_TIMEOUT_MS = 5_000;

/** A `perf record` of one process under way; `stop` ends it and writes its summary. */
export interface PerfRecording {
  stop(answers: number): Promise<PerfSummary>;
}

/** Whether Linux `perf` can run here (checked once). */
let available: boolean | undefined;

/** The V8 flag a process needs so `perf` can name its JavaScript frames. */
export const PERF_NODE_FLAGS = ['--perf-basic-prof'];

/**
 * Starts sampling `pid` on CPU (`perf record -e cpu-clock -g`, every thread, the kernel included)
 * into `<file>.perf.data`; undefined, with one line to `log`, where `perf` is missing. Resolves once
 * `perf` has attached, so the phase that follows is covered from its start.
 */
export async function startPerfRecord(
  pid: number,
  file: string,
  log: (line: string) => void,
): Promise<PerfRecording | undefined> {
  available ??= spawnSync('perf', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!available) {
    log('PARLEY_BENCH_PERF_DIR is set but Linux perf is not installed: no perf record');
    return undefined;
  }
  const data = `${file}.perf.data`;
  const perf = spawn(
    'perf',
    ['record', '-q', '-e', 'cpu-clock', '-F', String(FREQUENCY_HZ), '-g', '-p', String(pid), '-o', data],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => perf.once('exit', () => resolve()));
  const deadline = performance.now() + ATTACH_TIMEOUT_MS;
  while (!existsSync(data)) {
    if (perf.exitCode !== null || performance.now() > deadline)
      throw new Error(`perf record of ${pid} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    async stop(answers) {
      perf.kill('SIGINT');
      await exited;
      const script = spawnSync('perf', ['script', '-i', data, '-F', 'tid,ip,sym,dso'], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
      });
      if (script.status !== 0)
        throw new Error(`perf script ${data} failed: ${script.stderr || script.error}`);
      const summary = summarizePerfScript(script.stdout, pid, FREQUENCY_HZ, answers);
      await writeFile(`${file}.perf.md`, perfMarkdown(file.split('/').at(-1)!, summary));
      return summary;
    },
  };
}
