/**
 * Work per key, one piece after another: each starts once the key's previous piece settled,
 * whatever its outcome (a session's cache writes, its requirement saves). A key is forgotten once
 * its last piece settled, so only keys with work under way are held.
 */
export class KeyedChain {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` after the work under way for every one of `keys` (one piece may span several). */
  run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const before = keys.flatMap((key) => this.tails.get(key) ?? []);
    const done = before.length === 0 ? work() : Promise.all(before).then(work);
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) {
      this.tails.set(key, settled);
      void settled.then(() => {
        if (this.tails.get(key) === settled) this.tails.delete(key);
      });
    }
    return done;
  }

  /** Resolves once the work under way for `key` (or for every key) has settled; never rejects. */
  async idle(key?: string): Promise<void> {
    if (key === undefined) await Promise.all(this.tails.values());
    else await this.tails.get(key);
  }
}
