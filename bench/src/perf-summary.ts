/** Which of a Node process's threads a sample came from, by what its stack shows. */
export type ThreadRole =
  'main thread' | 'V8 optimizing compiler' | 'V8 garbage collector' | 'libuv pool' | 'other';

/** One `perf record` of a server's measured phase, summarized. */
export interface PerfSummary {
  samples: number;
  frequencyHz: number;
  /** CPU milliseconds per answer by thread role, largest first. */
  byRole: Array<{ role: ThreadRole; samples: number; msPerAnswer: number }>;
  /** Main-thread samples whose innermost frame is in the kernel (system calls, interrupts). */
  mainKernelShare: number;
  /** Main-thread CPU by the innermost Parley module on the stack (else the package, else the library). */
  mainByModule: Array<{ module: string; msPerAnswer: number }>;
}

interface Sample {
  tid: number;
  /** Innermost first: symbol and the object it is in (`[kernel.kallsyms]`, `node`, `perf-<pid>.map`). */
  frames: Array<{ symbol: string; object: string }>;
}

const COMPILER = /OptimizingCompileDispatcher|PipelineCompilationJob|OptimizedCompilationJob/;
const COLLECTOR = /Scavenge|MarkCompact|ConcurrentMarking|Sweeper|Evacuat|MinorMC|heap::/;
const POOL = /uv__work|worker \(/;
const PARLEY_MODULE = /(?:packages\/([\w-]+)|(bench))\/(?:src|dist)\/([\w/.-]+)/;
const PACKAGE = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/:\s]+)/;

/**
 * Summarizes `perf script -F tid,ip,sym,dso` of one process (`pid`, run with `--perf-basic-prof`
 * so JavaScript frames carry their file): where its CPU went per answer, V8's background threads
 * (which a V8 CPU profile never shows) and the kernel included.
 */
export function summarizePerfScript(
  text: string,
  pid: number,
  frequencyHz: number,
  answers: number,
): PerfSummary {
  const samples = parseSamples(text);
  const msPerAnswer = (count: number) => (count / frequencyHz / Math.max(1, answers)) * 1000;
  const roles = new Map<ThreadRole, number>();
  const modules = new Map<string, number>();
  let main = 0;
  let mainKernel = 0;
  for (const sample of samples) {
    const role = roleOf(sample, pid);
    roles.set(role, (roles.get(role) ?? 0) + 1);
    if (role !== 'main thread' || sample.frames.length === 0) continue;
    main += 1;
    if (sample.frames[0]!.object === '[kernel.kallsyms]') mainKernel += 1;
    const module = moduleOf(sample);
    modules.set(module, (modules.get(module) ?? 0) + 1);
  }
  return {
    samples: samples.length,
    frequencyHz,
    byRole: [...roles]
      .sort((a, b) => b[1] - a[1])
      .map(([role, count]) => ({ role, samples: count, msPerAnswer: msPerAnswer(count) })),
    mainKernelShare: main === 0 ? 0 : mainKernel / main,
    mainByModule: [...modules]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([module, count]) => ({ module, msPerAnswer: msPerAnswer(count) })),
  };
}

/** The summary as Markdown: roles, then the main thread's modules. */
export function perfMarkdown(title: string, summary: PerfSummary): string {
  const total = summary.byRole.reduce((sum, row) => sum + row.msPerAnswer, 0);
  const share = (ms: number) => `${((100 * ms) / Math.max(total, Number.EPSILON)).toFixed(1)}%`;
  return [
    `### ${title}`,
    '',
    `${summary.samples} samples at ${summary.frequencyHz} Hz; main thread's samples in the kernel: ${(100 * summary.mainKernelShare).toFixed(1)}%`,
    '',
    '| thread | ms CPU per answer | share |',
    '| --- | ---: | ---: |',
    ...summary.byRole.map(
      (row) => `| ${row.role} | ${row.msPerAnswer.toFixed(2)} | ${share(row.msPerAnswer)} |`,
    ),
    `| all | ${total.toFixed(2)} | 100% |`,
    '',
    '| main thread: innermost Parley module, package or library | ms CPU per answer | share |',
    '| --- | ---: | ---: |',
    ...summary.mainByModule.map(
      (row) => `| ${row.module} | ${row.msPerAnswer.toFixed(3)} | ${share(row.msPerAnswer)} |`,
    ),
    '',
  ].join('\n');
}

function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  let current: Sample | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    // A sample's header is its thread id alone, right-aligned (padded with spaces to perf's width).
    const header = /^\s*(\d+)\s*$/.exec(line);
    if (header) {
      current = { tid: Number(header[1]), frames: [] };
      samples.push(current);
      continue;
    }
    const frame = /^\s*[0-9a-f]+ (.*) \((.*)\)$/.exec(line);
    if (frame && current) current.frames.push({ symbol: frame[1]!, object: frame[2]! });
  }
  return samples;
}

function roleOf(sample: Sample, pid: number): ThreadRole {
  if (sample.tid === pid) return 'main thread';
  const stack = sample.frames.map((frame) => frame.symbol).join(' ');
  if (COMPILER.test(stack)) return 'V8 optimizing compiler';
  if (COLLECTOR.test(stack)) return 'V8 garbage collector';
  if (POOL.test(stack)) return 'libuv pool';
  return 'other';
}

/** The innermost Parley (or bench) module on the stack, else the innermost package, else the leaf's library. */
function moduleOf(sample: Sample): string {
  for (const { symbol } of sample.frames) {
    const match = PARLEY_MODULE.exec(symbol);
    if (match) return `${match[1] ?? match[2]}/${match[3]}`;
  }
  for (const { symbol } of sample.frames) {
    const match = PACKAGE.exec(symbol);
    if (match) return `package ${match[1]}`;
  }
  const leaf = sample.frames[0]!.object;
  return leaf === '[kernel.kallsyms]'
    ? 'kernel, no JavaScript frame'
    : `${leaf.split('/').at(-1)}, no JavaScript frame`;
}
