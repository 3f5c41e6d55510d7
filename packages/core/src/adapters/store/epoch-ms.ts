/**
 * Timestamps are stored as bigint epoch milliseconds: they round-trip exactly on SQLite and
 * PostgreSQL and compare as plain integers. PostgreSQL hands bigints back as strings.
 */
export function toEpochMs(date: Date): number {
  return date.getTime();
}

/** The stored epoch-ms value (number on SQLite, string on PostgreSQL) as a Date. */
export function fromEpochMs(value: number | string): Date {
  return new Date(Number(value));
}
