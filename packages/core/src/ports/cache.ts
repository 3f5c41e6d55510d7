/**
 * Key/value cache in front of the store (R2.4, R9.2). Values are JSON-serialisable; the store stays
 * the source of truth, so every caller must cope with a miss.
 */
export interface Cache {
  /** The value under `key`, or `undefined` on a miss or an expired entry. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /**
   * Stores `value` for `ttlMs` milliseconds only if `key` still holds `expected` (as `get` returned
   * it; compared as JSON), in one step: true when it did. A read-change-write that would otherwise
   * put back a value another process had deleted or replaced in between uses it. `expected`
   * undefined: only if `key` holds nothing (a miss's fill, which a write since must win over).
   */
  swap(key: string, expected: unknown, value: unknown, ttlMs: number): Promise<boolean>;
  /** Removes the keys; missing keys are not an error. */
  delete(...keys: string[]): Promise<void>;
  /** Resolves when the backend answers; rejects otherwise (readiness checks). */
  ping(): Promise<void>;
  /** Releases what the adapter created; a caller-owned client is left open. */
  close(): Promise<void>;
}
