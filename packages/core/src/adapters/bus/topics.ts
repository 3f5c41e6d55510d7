import type { Unsubscribe } from '../../ports/event-bus.js';

/**
 * Listeners by key (a session, a user, a turn), called in the order they subscribed; a throwing
 * listener never stops the others. The event bus adapters' local fan-out.
 */
export class Topics<E> {
  private readonly listeners = new Map<string, Set<(event: E) => void>>();

  add(key: string, listener: (event: E) => void): Unsubscribe {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  /** Whether no key has a listener: a caller can skip the work of an event nobody would get. */
  empty(): boolean {
    return this.listeners.size === 0;
  }

  emit(key: string, event: E): void {
    for (const listener of this.listeners.get(key) ?? []) {
      try {
        listener(event);
      } catch {
        continue;
      }
    }
  }
}
