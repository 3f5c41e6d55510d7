/** Time source, injected so expiry and purge can be tested by moving the clock instead of waiting. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock used outside tests. */
export const systemClock: Clock = { now: () => new Date() };
