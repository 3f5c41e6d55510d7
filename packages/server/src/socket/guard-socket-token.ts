import type { Parley } from '@parley/core';
import type { Socket } from 'socket.io';

/** Longest delay `setTimeout` honours; longer lifetimes are waited out in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket's user is checked at the handshake, so the socket must end with its token (R1.3, R1.6):
 * a timer disconnects it at `exp`, and every incoming event is checked first, so an event that
 * arrives after `exp` (or under a moved test clock) or after the token was logged out on another
 * process (the denylist in the shared cache) is never handled. Returns the cleanup.
 */
export function guardSocketToken(
  socket: Socket,
  token: { id: string; expiresAt: Date },
  parley: Pick<Parley, 'auth' | 'clock'>,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const wait = (ms: number): void => {
    timer = setTimeout(
      () => (ms > MAX_TIMER_MS ? wait(ms - MAX_TIMER_MS) : socket.disconnect(true)),
      Math.min(ms, MAX_TIMER_MS),
    );
    timer.unref();
  };
  wait(Math.max(0, token.expiresAt.getTime() - parley.clock.now().getTime()));
  // Checks run one after another, so events still reach the handlers in the order they arrived.
  let checks: Promise<unknown> = Promise.resolve();
  socket.use((_packet, next) => {
    checks = checks.then(async () => {
      const ended =
        parley.clock.now().getTime() >= token.expiresAt.getTime() ||
        (await parley.auth.isRevoked(token.id, token.expiresAt));
      if (ended) socket.disconnect(true);
      else next();
    });
    checks = checks.catch((error: unknown) =>
      next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  return () => clearTimeout(timer);
}
