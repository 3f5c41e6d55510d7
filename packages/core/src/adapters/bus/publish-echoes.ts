import { LRUCache } from 'lru-cache';

/** Publishes this process is waiting on, beyond which the oldest are forgotten (their echo is lost). */
const TRACKED = 10_000;

type State = 'pending' | 'published' | 'echoed' | 'delivered';

/**
 * Keeps each event this process publishes on Redis from reaching its own watchers twice or not at
 * all. Redis echoes every publish back to the publisher's subscription, which is how local watchers
 * normally get it. A publish that fails without being sent is delivered here at once; one whose
 * command timed out may have run (an event loop blocked past the timeout reads the reply late) or
 * not (a hung Redis): it is delivered here unless its echo already came, and its echo, if it comes
 * later, is then dropped. Events are told apart by their JSON, which is what travels.
 */
export class PublishEchoes {
  private readonly states = new LRUCache<string, State>({ max: TRACKED });

  /**
   * Publishes `jsons` (one request to Redis, all or none) with `publish`; `deliver(index)` hands one
   * to this process's watchers when Redis will not, in order.
   */
  async publish(
    jsons: readonly string[],
    publish: () => Promise<unknown>,
    deliver: (index: number) => void,
  ): Promise<void> {
    for (const json of jsons) this.states.set(json, 'pending');
    try {
      await publish();
      for (const json of jsons) {
        if (this.states.get(json) === 'echoed') this.states.delete(json);
        else this.states.set(json, 'published');
      }
    } catch (error) {
      jsons.forEach((json, index) => {
        const echoed = this.states.get(json) === 'echoed';
        if (timedOut(error) && !echoed) this.states.set(json, 'delivered');
        else this.states.delete(json);
        if (!echoed) deliver(index);
      });
    }
  }

  /** Whether an event that came from Redis goes to this process's watchers (false: they had it). */
  arrived(json: string): boolean {
    const state = this.states.get(json);
    if (state === undefined) return true;
    if (state === 'pending') {
      this.states.set(json, 'echoed');
      return true;
    }
    this.states.delete(json);
    return state !== 'delivered';
  }
}

/** ioredis's error for a command without a reply within `commandTimeout`: it may have run. */
function timedOut(error: unknown): boolean {
  return error instanceof Error && error.message === 'Command timed out';
}
