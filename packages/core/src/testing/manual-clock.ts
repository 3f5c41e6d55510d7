import type { Clock } from '../ports/clock.js';

/** A clock that moves only when told: expiry, purge and token lifetimes without waiting. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(at: Date): void;
}

export function createManualClock(start: Date = new Date('2026-01-01T09:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (at) => {
      current = at.getTime();
    },
  };
}
