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
  const [samples] = await measureInterleaved([op], count, budgetMs);
  return samples!;
}

/**
 * Times several variants of one operation call by call, each in turn with a rotating first, after
 * a few unmeasured calls of each: up to `count` calls of each or `budgetMs` of wall time per
 * variant, whichever ends first. Variants timed in blocks one after the other drift apart with
 * whatever changes between the blocks (the collector's state, another process's load): timed in
 * blocks, the same 50-message page read 1.26–1.29× slower in a 100,000-message session than in a
 * 1,000-message one, and 1.00× call by call. Samples are microseconds per call, one list per variant.
 */
export async function measureInterleaved(
  ops: Array<() => Promise<unknown>>,
  count: number,
  budgetMs: number,
): Promise<number[][]> {
  for (const op of ops) for (let i = 0; i < WARMUP; i += 1) await op();
  const samples = ops.map((): number[] => []);
  const deadline = performance.now() + budgetMs * ops.length;
  for (let call = 0; call < count && performance.now() < deadline; call += 1) {
    for (let turn = 0; turn < ops.length; turn += 1) {
      const index = (call + turn) % ops.length;
      const started = performance.now();
      await ops[index]!();
      samples[index]!.push((performance.now() - started) * 1000);
    }
  }
  return samples;
}
