import type { Clock } from '@parley/core';
import type { Socket } from 'socket.io';

/** Longest delay `setTimeout` honours; longer lifetimes are waited out in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket's user is checked at the handshake, so the socket must end with its token (R1.3): a
 * timer disconnects it at `exp`, and every incoming event is checked against the clock too, so an
 * event that arrives after `exp` (or under a moved test clock) is never handled. Returns the cleanup.
 */
export function closeAtExpiry(socket: Socket, expiresAt: Date, clock: Clock): () => void {
  let timer: NodeJS.Timeout | undefined;
  const wait = (ms: number): void => {
    timer = setTimeout(
      () => (ms > MAX_TIMER_MS ? wait(ms - MAX_TIMER_MS) : socket.disconnect(true)),
      Math.min(ms, MAX_TIMER_MS),
    );
    timer.unref();
  };
  wait(Math.max(0, expiresAt.getTime() - clock.now().getTime()));
  socket.use((_packet, next) => {
    if (clock.now().getTime() < expiresAt.getTime()) next();
    else socket.disconnect(true);
  });
  return () => clearTimeout(timer);
}
