import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchOptions, USAGE } from './bench-options.js';
import { formatRetrievalReport } from './retrieval-report.js';
import { retrievalBenchOptions, runRetrievalBench, type RetrievalBenchResult } from './retrieval-bench.js';
import { formatScalingReport } from './scaling-report.js';
import { runScalingBench, type ScalingBenchResult } from './scaling-bench.js';
import { formatSocketReport } from './socket-report.js';
import { runSocketBench, type SocketBenchResult } from './socket-bench.js';

/** `pnpm bench`: R13.1 and R13.2 in one run, tables to stdout and figures to results/latest.json. */
const benchDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const options = parseBenchOptions(process.argv.slice(2), process.env, benchDir);
if (options === 'help') {
  console.log(USAGE);
  process.exit(0);
}

const log = (line: string) => console.log(`  · ${line}`);
const started = new Date();
let socket: SocketBenchResult | undefined;
let scaling: ScalingBenchResult | undefined;
let retrieval: RetrievalBenchResult | undefined;

if (options.only === 'all' || options.only === 'socket') {
  console.log('R13.1 — Parley vs a bare Socket.IO relay, same stub, same clients');
  socket = await runSocketBench(options.socket, log);
  console.log(`\n${formatSocketReport(socket)}\n`);
}
if (options.only === 'all' || options.only === 'scaling') {
  console.log('R13.2 — core operations as history grows');
  scaling = await runScalingBench(options.scaling, log);
  console.log(`\n${formatScalingReport(scaling)}\n`);
}
if (options.only === 'all' || options.only === 'retrieval') {
  const retrievalOptions = retrievalBenchOptions(process.env, benchDir, options.scaling.fresh);
  console.log(`Issue 12 — retrieval: lexical search over ${retrievalOptions.messages} messages of one user`);
  retrieval = await runRetrievalBench(retrievalOptions, log);
  console.log(`\n${formatRetrievalReport(retrieval)}\n`);
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryBytes: totalmem(),
};
const results = {
  startedAt: started.toISOString(),
  durationMs: Date.now() - started.getTime(),
  machine,
  socket,
  scaling,
  retrieval,
};
await mkdir(dirname(options.resultsFile), { recursive: true });
await writeFile(options.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`figures written to ${options.resultsFile} (${(results.durationMs / 1000).toFixed(1)} s)`);
