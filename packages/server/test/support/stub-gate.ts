/**
 * Paces the LLM stub's stream from the test (its `beforeChunk`): piece i is written once `open(n)`
 * allowed n > i pieces; `reached(i)` resolves when the stub is about to write piece i. No sleeps.
 */
export function stubGate() {
  let allowed = 0;
  const waiting: Array<{ index: number; go: () => void }> = [];
  const reachedAt = new Map<number, () => void>();
  const reached = new Map<number, Promise<void>>();
  const arrival = (index: number): Promise<void> => {
    let promise = reached.get(index);
    if (!promise) {
      promise = new Promise((resolve) => reachedAt.set(index, resolve));
      reached.set(index, promise);
    }
    return promise;
  };
  return {
    beforeChunk(index: number): Promise<void> | void {
      void arrival(index);
      reachedAt.get(index)?.();
      if (index < allowed) return;
      return new Promise((go) => waiting.push({ index, go }));
    },
    open(count: number): void {
      allowed = Math.max(allowed, count);
      for (const waiter of waiting.splice(0)) {
        if (waiter.index < allowed) waiter.go();
        else waiting.push(waiter);
      }
    },
    reached: arrival,
  };
}

/** One `assistant_chunk` as sent: `count` deltas from `index` (absent = 1). */
export interface WireChunk {
  turnId: string;
  index: number;
  text: string;
  count?: number;
}

/** The delta indexes a list of chunks covers, in arrival order (coalesced chunks expanded). */
export function chunkIndexes(chunks: WireChunk[]): number[] {
  return chunks.flatMap(({ index, count = 1 }) => Array.from({ length: count }, (_, i) => index + i));
}
