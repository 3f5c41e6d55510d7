import type { ChatEvent } from '@parley/core';
import type { Socket } from 'socket.io';
import type { SocketContext } from './socket-events.js';

/** `join_session`'s `resume`: the running turn a reconnecting client was reading, and the next chunk it needs. */
export interface ResumeRequest {
  turnId: string;
  fromIndex: number;
}

/** A resume in progress: `start` after the join's ack; `cancel` when the join failed. */
export interface ResumedTurn {
  start(): void;
  cancel(): void;
}

const isLast = (event: ChatEvent): boolean =>
  event.type === 'assistant_end' || event.type === 'assistant_error';

/**
 * Resumes a running turn's stream for one socket (R12.3), on whichever process it reconnected to:
 * the turn's events are read from the bus's log (chunks from `fromIndex`, the other events all)
 * and then live, and the room leaves this turn's events to it, so each arrives exactly once. Must
 * be called before the socket joins the session's room; events wait until `start()` (after the ack).
 * A turn of another session is ignored; a turn that is over sends nothing (its answer is stored).
 */
export async function resumeTurn(
  { parley, socket, relay }: Pick<SocketContext, 'parley' | 'socket' | 'relay'>,
  sessionId: string,
  request: ResumeRequest,
  join: () => Promise<void>,
): Promise<ResumedTurn> {
  const include = relay.exclude(socket.id, request.turnId);
  let held: ChatEvent[] | null = [];
  let stop = (): void => undefined;
  const end = (): void => {
    stop();
    // After the bus has handed the current event to every watcher: the room must skip it too.
    queueMicrotask(include);
    socket.off('disconnect', end);
  };
  socket.once('disconnect', end);
  const send = (event: ChatEvent): void => {
    if (event.sessionId !== sessionId) return end();
    emitTo(socket, event);
    if (isLast(event)) end();
  };
  try {
    await join();
    const follow = await parley.chat.follow(
      request.turnId,
      (event) => (held ? held.push(event) : send(event)),
      request.fromIndex,
    );
    stop = follow.stop;
    if (!follow.found) end();
  } catch (error) {
    end();
    throw error;
  }
  return {
    start() {
      const waiting = held ?? [];
      held = null;
      for (const event of waiting) send(event);
    },
    cancel: end,
  };
}

function emitTo(socket: Socket, { type, ...payload }: ChatEvent): void {
  socket.emit(type, payload);
}
