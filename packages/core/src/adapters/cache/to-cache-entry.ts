/**
 * Checks and encodes one `set` for every cache adapter, so memory and Redis accept and refuse the
 * same values: JSON text plus a whole, positive TTL (Redis rejects `PX 0`; lru-cache reads 0 as
 * "never expires").
 */
export function toCacheEntry(value: unknown, ttlMs: number): { json: string; ttlMs: number } {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`Cache TTL must be a positive number of milliseconds; got ${ttlMs}.`);
  }
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`Cache values must be JSON-serialisable; got ${typeof value}.`);
  return { json, ttlMs: Math.ceil(ttlMs) };
}
