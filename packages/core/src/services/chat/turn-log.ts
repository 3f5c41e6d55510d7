import type { ChatEvent } from './chat-events.js';

type Listener = (event: ChatEvent) => void;
type Entry = ChatEvent | number;

const isLast = (event: ChatEvent): boolean =>
  event.type === 'assistant_end' || event.type === 'assistant_error';

/**
 * One turn's events, kept compactly while it runs (chunk texts as plain strings, other events as
 * they are) so a reader that starts late — a `Turn`'s iterator, a reconnecting socket — replays what
 * it missed and then follows live, without a gap or a duplicate.
 */
export class TurnLog {
  private readonly entries: Entry[] = [];
  private readonly chunks: string[] = [];
  private readonly followers = new Set<Listener>();
  private ended = false;

  /** True once the turn's last event (`assistant_end` or `assistant_error`) was appended. */
  get isOver(): boolean {
    return this.ended;
  }

  append(event: ChatEvent): void {
    if (this.ended) return;
    if (event.type === 'assistant_chunk') {
      this.entries.push(this.chunks.length);
      this.chunks.push(event.text);
    } else this.entries.push(event);
    if (isLast(event)) this.ended = true;
    for (const follower of this.followers) deliver(follower, event);
    if (this.ended) this.followers.clear();
  }

  /** Replays the log (chunks from `fromChunk` on, every other event), then follows until the last event. */
  follow(listener: Listener, fromChunk = 0): () => void {
    for (const entry of this.entries) {
      if (typeof entry !== 'number') deliver(listener, entry);
      else if (entry >= fromChunk) deliver(listener, this.chunkEvent(entry));
    }
    if (this.ended) return () => undefined;
    this.followers.add(listener);
    return () => this.followers.delete(listener);
  }

  /** The log as an async iterable, from its first event to its last. */
  async *events(): AsyncGenerator<ChatEvent> {
    const pending: ChatEvent[] = [];
    let wake: (() => void) | undefined;
    const stop = this.follow((event) => {
      pending.push(event);
      wake?.();
    });
    try {
      for (;;) {
        const event = pending.shift();
        if (event) {
          yield event;
          if (isLast(event)) return;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      stop();
    }
  }

  private chunkEvent(index: number): ChatEvent {
    const start = this.entries.find((entry): entry is ChatEvent => typeof entry !== 'number');
    const sessionId = start?.sessionId ?? '';
    const turnId = start?.turnId ?? '';
    return { type: 'assistant_chunk', sessionId, turnId, index, text: this.chunks[index] ?? '' };
  }
}

function deliver(listener: Listener, event: ChatEvent): void {
  try {
    listener(event);
  } catch {
    // A watcher's failure is its own; the turn and the other watchers go on.
  }
}
