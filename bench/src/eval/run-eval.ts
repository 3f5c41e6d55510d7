import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from './corpus.js';
import { measureExtractionSpeed } from './extraction-speed.js';
import { loadConfig } from '@parley/core/config';
import { scoreCorpus, type FieldScore } from './score-corpus.js';
import { scoreModelExtractor, type ModelScore } from './score-model.js';

/**
 * `pnpm eval` (R14.3): the rule extractor over the corpus, per-field scores and speed, and the model
 * extractor over the statements when an LLM endpoint is configured; JSON in bench/results/.
 */
const resultsDir = fileURLToPath(new URL('../../results/', import.meta.url));
const { statements, conversations } = await loadCorpus();
const score = scoreCorpus(statements, conversations);
const speed = measureExtractionSpeed(statements.map((s) => s.text));

const pct = (n: number) => n.toFixed(3);
const row = (name: string, s: FieldScore) =>
  `${name.padEnd(16)} ${pct(s.precision).padStart(9)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(7)}   tp ${s.tp} fp ${s.fp} fn ${s.fn}`;
console.log(`Rule extractor on ${statements.length} statements and ${conversations.length} conversations`);
console.log(`${'field'.padEnd(16)} precision  recall      F1`);
for (const [field, s] of Object.entries(score.fields)) console.log(row(field, s));
console.log(row('conflicts', score.conflicts));
console.log(row('questions', score.questions));
console.log(
  `\nSpeed: ${speed.chars}-character message, median ${speed.medianMs.toFixed(3)} ms, p95 ${speed.p95Ms.toFixed(3)} ms over ${speed.runs} runs`,
);
if (score.misses.length > 0) {
  console.log('\nMisses:');
  for (const m of score.misses)
    console.log(
      `  ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
    );
}
const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
let model: ModelScore | null = null;
if (config.llm.apiKey === null && !config.llm.baseUrlSet) {
  console.log('\nThe model extractor is not scored: set LLM_API_KEY (or LLM_BASE_URL) to score it.');
} else {
  model = await scoreModelExtractor(statements, config);
  console.log(`\nModel extractor (${model.model}) on ${statements.length} statements`);
  console.log(`${'field'.padEnd(16)} precision  recall      F1`);
  for (const [field, s] of Object.entries(model.fields)) console.log(row(field, s));
  for (const failure of model.failures) console.log(`  ${failure.id} failed: ${failure.error}`);
}

await mkdir(resultsDir, { recursive: true });
const result = {
  at: new Date().toISOString(),
  extractor: 'rule',
  node: process.version,
  ...score,
  speed,
  model,
};
await writeFile(`${resultsDir}eval-latest.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nWrote ${resultsDir}eval-latest.json`);
