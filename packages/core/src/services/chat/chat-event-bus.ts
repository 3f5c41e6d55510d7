import type { ChatEvent, ChatEventListener } from './chat-events.js';

/** Fans a session's chat events out to its in-process watchers (socket rooms, SSE, the CLI). */
export class ChatEventBus {
  private readonly listeners = new Map<string, Set<ChatEventListener>>();

  /** Starts delivering the session's events to `listener`; the returned function stops it. */
  subscribe(sessionId: string, listener: ChatEventListener): () => void {
    let set = this.listeners.get(sessionId);
    if (!set) {
      set = new Set();
      this.listeners.set(sessionId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sessionId);
    };
  }

  /** Delivers synchronously; a throwing listener does not stop the others or the turn. */
  publish(event: ChatEvent): void {
    for (const listener of this.listeners.get(event.sessionId) ?? []) {
      try {
        listener(event);
      } catch {
        continue;
      }
    }
  }
}
