import { ParleyError } from '../../errors/parley-error.js';
import type { QueueHold, QueueTicket, TurnQueue } from '../../ports/turn-queue.js';

/** Options of `createInProcessTurnQueue`. */
export interface InProcessTurnQueueOptions {
  /** Turns that may wait behind the running one (`CHAT_QUEUE_LIMIT`); one more is `SESSION_BUSY`. */
  limit: number;
  /** How long a hold lasts without `renew()` (`CHAT_TURN_HOLD_MS`). */
  holdMs: number;
}

interface Waiter {
  turnId: string;
  grant(hold: QueueHold): void;
  refuse(error: ParleyError): void;
}

interface Line {
  fence: number;
  holder: { fence: number; timer: NodeJS.Timeout } | null;
  waiting: Waiter[];
}

const left = () => new ParleyError('CANCELLED', 'The message was withdrawn before its answer started.');

/**
 * The default TurnQueue: per-session lines in this process's memory. A hold not renewed within
 * `holdMs` passes to the next turn, so a stuck answer cannot block its session for ever.
 */
export function createInProcessTurnQueue(options: InProcessTurnQueueOptions): TurnQueue {
  const lines = new Map<string, Line>();

  const next = (sessionId: string, line: Line): void => {
    line.holder = null;
    const waiter = line.waiting.shift();
    if (waiter) waiter.grant(take(sessionId, line));
    else lines.delete(sessionId);
  };

  const arm = (sessionId: string, line: Line, fence: number): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      if (line.holder?.fence === fence) next(sessionId, line);
    }, options.holdMs);
    timer.unref();
    return timer;
  };

  const take = (sessionId: string, line: Line): QueueHold => {
    line.fence += 1;
    const fence = line.fence;
    line.holder = { fence, timer: arm(sessionId, line, fence) };
    const current = () => line.holder?.fence === fence && lines.get(sessionId) === line;
    return {
      fence,
      isCurrent: async () => current(),
      async renew() {
        if (!current() || !line.holder) return false;
        clearTimeout(line.holder.timer);
        line.holder.timer = arm(sessionId, line, fence);
        return true;
      },
      async release() {
        if (!current() || !line.holder) return;
        clearTimeout(line.holder.timer);
        next(sessionId, line);
      },
    };
  };

  return {
    async enter(sessionId, turnId) {
      const line = lines.get(sessionId) ?? { fence: 0, holder: null, waiting: [] };
      lines.set(sessionId, line);
      if (!line.holder) {
        const hold = take(sessionId, line);
        return { position: 0, ready: Promise.resolve(hold), leave: () => undefined };
      }
      if (line.waiting.length >= options.limit) {
        throw new ParleyError(
          'SESSION_BUSY',
          'An answer is still streaming and the queue is full; try again shortly.',
          { queued: line.waiting.length },
        );
      }
      const position = 1 + line.waiting.length;
      let waiter!: Waiter;
      const ready = new Promise<QueueHold>((grant, refuse) => {
        waiter = { turnId, grant, refuse };
      });
      line.waiting.push(waiter);
      const ticket: QueueTicket = {
        position,
        ready,
        leave() {
          const index = line.waiting.indexOf(waiter);
          if (index < 0) return;
          line.waiting.splice(index, 1);
          waiter.refuse(left());
        },
      };
      return ticket;
    },
  };
}
