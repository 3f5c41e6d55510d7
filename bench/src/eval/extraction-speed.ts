import { createRuleExtractor } from '@parley/core/requirements';

/** Median, p95 and mean of the rule extractor on one message of about `chars` characters. */
export interface SpeedResult {
  chars: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
}

/** Times the rule extractor (after a warm-up that compiles the vocabulary) on texts of `chars` characters. */
export function measureExtractionSpeed(texts: string[], chars = 2_000, runs = 500): SpeedResult {
  let message = '';
  for (let i = 0; message.length < chars; i += 1) message += `${texts[i % texts.length]} `;
  message = message.slice(0, chars);
  const extractor = createRuleExtractor();
  const reference = new Date();
  for (let i = 0; i < 50; i += 1) extractor.extract(message, reference);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    extractor.extract(message, reference);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { chars: message.length, runs, medianMs: at(0.5), p95Ms: at(0.95) };
}
