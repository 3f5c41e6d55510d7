const WARMUP = 3;

/**
 * Times one batch of calls of an async operation after a few unmeasured ones: up to `count` calls
 * or `budgetMs` of wall time, whichever ends first. Samples are microseconds per call.
 */
export async function measureOp(
  op: () => Promise<unknown>,
  count: number,
  budgetMs: number,
): Promise<number[]> {
  for (let i = 0; i < WARMUP; i += 1) await op();
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (samples.length < count && performance.now() < deadline) {
    const started = performance.now();
    await op();
    samples.push((performance.now() - started) * 1000);
  }
  return samples;
}
