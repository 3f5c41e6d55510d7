import type { ClientSocket } from './test-server.js';

/** One event a socket received, in arrival order. */
export interface Received {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Records every event a socket receives from now on; `until` resolves once a predicate holds over
 * what arrived (waits for events, never for time).
 */
export function recordEvents(socket: ClientSocket) {
  const seen: Received[] = [];
  const waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  socket.onAny((name: string, payload: Record<string, unknown>) => {
    seen.push({ name, payload });
    for (const waiter of waiters.splice(0)) {
      if (waiter.check()) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  return {
    seen,
    named: (name: string) => seen.filter((event) => event.name === name).map((event) => event.payload),
    until(check: (events: Received[]) => boolean): Promise<Received[]> {
      if (check(seen)) return Promise.resolve(seen);
      return new Promise((resolve) =>
        waiters.push({ check: () => check(seen), resolve: () => resolve(seen) }),
      );
    },
  };
}
