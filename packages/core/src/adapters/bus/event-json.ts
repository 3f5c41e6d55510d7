const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Reads an event sent through Redis as JSON, giving back the `Date`s JSON turned into text: every
 * field named `…At` holding an ISO timestamp (`createdAt`, `lastActivityAt`, `closedAt` …), so
 * watchers on another process see the same values as the process that published it.
 */
export function parseEvent<E>(json: string): E {
  return JSON.parse(json, (key, value: unknown) =>
    key.endsWith('At') && typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value,
  ) as E;
}
