import { ParleyError } from '../../errors/parley-error.js';

/** Which limit expired; named in the LLM_TIMEOUT error details. */
export type TimeoutPhase = 'first-token' | 'idle' | 'total';

/**
 * The call's limits as deadlines: before the first token the first-token deadline applies, after it
 * each chunk must come within the idle gap; the whole-answer deadline always applies.
 */
export interface StreamTimer {
  /** Resolves like `promise`, or calls `onTimeout` (to abort the request) and rejects with LLM_TIMEOUT. */
  within<T>(promise: Promise<T>, onTimeout: () => void): Promise<T>;
  /** Switches from the first-token deadline to the idle gap. */
  gotFirstToken(): void;
  /**
   * The per-delta wait, with nothing made per call: (re)starts the one timer for the current limit,
   * which calls `onTimeout` (to abort the request) if it passes first; `expired` then names the
   * limit. For an awaited read that settles once aborted.
   */
  restart(onTimeout: () => void): void;
  /** The read settled: until the next `restart` (the caller is busy with the delta), no limit runs. */
  pause(): void;
  /** The limit that passed while waiting after a `restart`, if one did. */
  expired(): TimeoutPhase | undefined;
  /** Clears the `restart` timer. */
  stop(): void;
}

export function createStreamTimer(limits: {
  firstTokenMs: number;
  idleMs: number;
  totalDeadline: number;
  now?: () => number;
}): StreamTimer {
  const now = limits.now ?? Date.now;
  const firstTokenDeadline = now() + limits.firstTokenMs;
  let started = false;

  const next = (): { ms: number; phase: TimeoutPhase } => {
    const at = now();
    const phaseDeadline = started ? at + limits.idleMs : firstTokenDeadline;
    const phase: TimeoutPhase = started ? 'idle' : 'first-token';
    if (limits.totalDeadline <= phaseDeadline) return { ms: limits.totalDeadline - at, phase: 'total' };
    return { ms: phaseDeadline - at, phase };
  };

  let handle: NodeJS.Timeout | undefined;
  let armedMs = -1;
  let armedPhase: TimeoutPhase = 'first-token';
  let onExpiry: () => void = () => undefined;
  let expired: TimeoutPhase | undefined;
  let waiting = false;
  const expire = () => {
    if (!waiting) return;
    expired = armedPhase;
    onExpiry();
  };

  return {
    gotFirstToken: () => {
      started = true;
    },
    restart: (onTimeout) => {
      const { ms, phase } = next();
      armedPhase = phase;
      onExpiry = onTimeout;
      waiting = true;
      // The idle gap is the same every delta: the timer is moved (refreshed, also once it has
      // passed unheeded), not replaced.
      if (handle !== undefined && ms === armedMs) handle.refresh();
      else {
        clearTimeout(handle);
        armedMs = ms;
        handle = setTimeout(expire, Math.max(0, ms));
      }
    },
    pause: () => {
      waiting = false;
    },
    expired: () => expired,
    stop: () => {
      clearTimeout(handle);
      handle = undefined;
    },
    // One promise and one timer per call (opening a stream, a whole request; a stream's deltas use
    // `restart`): the request's own settling after a timeout (it rejects once aborted) lands on a
    // promise already rejected.
    within: (promise, onTimeout) => {
      const { ms, phase } = next();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => {
            onTimeout();
            reject(timeoutError(phase));
          },
          Math.max(0, ms),
        );
        promise.then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    },
  };
}

/** The LLM_TIMEOUT error for a phase; safe to show. */
export function timeoutError(phase: TimeoutPhase): ParleyError {
  const what = { 'first-token': 'start answering', idle: 'continue its answer', total: 'finish its answer' }[
    phase
  ];
  return new ParleyError('LLM_TIMEOUT', `The language model took too long to ${what}.`, { phase });
}
