import { LRUCache } from 'lru-cache';

/** Echoes this process still expects, beyond which the oldest are forgotten (and delivered twice). */
const TRACKED = 10_000;

/**
 * Delivers each event this process publishes on Redis to its own watchers at once, in the order
 * published, and drops the echo Redis sends back to the publisher's subscription, so its watchers
 * get the event once and never wait for a round trip to Redis (as Socket.IO's Redis adapter emits
 * locally first). Whether the publish succeeds, fails or times out, local watchers have the event;
 * a publish that failed without reaching Redis expects no echo. Messages are told apart by their
 * JSON, which is what travels.
 */
export class PublishEchoes {
  private readonly expected = new LRUCache<string, number>({ max: TRACKED });

  /**
   * Hands the message `json` carries to this process's watchers with `deliver`, then publishes it
   * (one request to Redis) with `publish`. Never rejects: a failed publish reaches other processes'
   * watchers late or not at all, which the turn log and resuming readers cover.
   */
  async publish(json: string, publish: () => Promise<unknown>, deliver: () => void): Promise<void> {
    this.expected.set(json, (this.expected.get(json) ?? 0) + 1);
    deliver();
    try {
      await publish();
    } catch (error) {
      // A command that timed out may have run (an event loop blocked past the timeout reads the
      // reply late), so its echo may still come; any other failure sent nothing.
      if (!timedOut(error)) this.forget(json);
    }
  }

  /** Whether an event that came from Redis is new to this process's watchers (false: its own echo). */
  arrived(json: string): boolean {
    if (this.expected.get(json) === undefined) return true;
    this.forget(json);
    return false;
  }

  private forget(json: string): void {
    const count = this.expected.get(json) ?? 0;
    if (count > 1) this.expected.set(json, count - 1);
    else this.expected.delete(json);
  }
}

/** ioredis's error for a command without a reply within `commandTimeout`: it may have run. */
function timedOut(error: unknown): boolean {
  return error instanceof Error && error.message === 'Command timed out';
}
