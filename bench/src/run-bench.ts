import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseBenchOptions, USAGE } from './bench-options.js';
import { SCENARIOS } from './scenarios.js';

/** `pnpm bench`: the chosen scenarios (all by default), Markdown to stdout and results/, figures to JSON. */
const benchDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const options = parseBenchOptions(process.argv.slice(2), process.env, benchDir);
if (options === 'help') {
  console.log(
    `${USAGE}\n\nScenarios\n${SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.summary}`).join('\n')}`,
  );
  process.exit(0);
}
const unknown = options.scenarios.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
const chosen = SCENARIOS.filter(
  (scenario) => options.scenarios.length === 0 || options.scenarios.includes(scenario.name),
);

const log = (line: string) => console.log(`  · ${line}`);
const started = new Date();
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryBytes: totalmem(),
  loadAverageAtStart: loadavg()[0],
};
const sections: string[] = [];
const figures: Record<string, unknown> = {};
await mkdir(options.resultsDir, { recursive: true });
for (const scenario of chosen) {
  console.log(`\n== ${scenario.name}: ${scenario.summary}`);
  const context = { quick: options.quick, rounds: options.rounds, env: process.env, options, log };
  const result = await scenario.run(context);
  console.log(`\n${result.markdown}`);
  sections.push(result.markdown);
  figures[scenario.name] = result.figures;
  await writeFile(`${options.resultsDir}/${scenario.name}.md`, `${result.markdown}\n`);
  await writeFile(
    `${options.resultsDir}/${scenario.name}.json`,
    `${JSON.stringify(result.figures, null, 2)}\n`,
  );
}

const durationMs = Date.now() - started.getTime();
const header = [
  `# pnpm bench, ${started.toISOString()}${options.quick ? ' (quick)' : ''}`,
  '',
  `${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GB, Node ${machine.node}, load average ${machine.loadAverageAtStart?.toFixed(1)} at start; ${(durationMs / 1000).toFixed(0)} s.`,
];
await writeFile(`${options.resultsDir}/latest.md`, `${[...header, '', ...sections].join('\n\n')}\n`);
await writeFile(
  `${options.resultsDir}/latest.json`,
  `${JSON.stringify({ startedAt: started.toISOString(), durationMs, quick: options.quick, rounds: options.rounds, machine, scenarios: figures }, null, 2)}\n`,
);
console.log(
  `\nfigures written to ${options.resultsDir}/latest.{md,json} (${(durationMs / 1000).toFixed(1)} s)`,
);
