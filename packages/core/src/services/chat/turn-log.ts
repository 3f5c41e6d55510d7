import type { TurnRecord } from '../../ports/event-bus.js';
import { endsTurn, type ChatEvent } from './chat-events.js';
import { DeltaText } from '../../shared/delta-text.js';

type Listener = (event: ChatEvent) => void;

/** A turn's event other than a chunk, and how many chunks came before it. */
interface Mark {
  event: ChatEvent;
  chunksBefore: number;
}

/**
 * One turn's events, kept compactly while it runs (the chunks' text in one `DeltaText`, chunk
 * events rebuilt when read, other events as they are) so a reader that starts late — a `Turn`'s
 * iterator, a reconnecting socket — replays what it missed and then follows live, without a gap or
 * a duplicate. Chunk `i` is the turn's `i`-th chunk event (its `index`).
 */
export class TurnLog implements TurnRecord {
  private readonly marks: Mark[] = [];
  private readonly chunks = new DeltaText();
  private readonly followers = new Set<Listener>();
  private ids: { sessionId: string; turnId: string } | undefined;
  private ended = false;

  /** True once the turn's last event (`assistant_end` or `assistant_error`) was appended. */
  get isOver(): boolean {
    return this.ended;
  }

  append(event: ChatEvent): void {
    if (this.ended) return;
    this.ids ??= { sessionId: event.sessionId, turnId: event.turnId };
    if (event.type === 'assistant_chunk') this.chunks.push(event.text);
    else this.marks.push({ event, chunksBefore: this.chunks.size });
    if (endsTurn(event)) this.ended = true;
    for (const follower of this.followers) deliver(follower, event);
    if (this.ended) this.followers.clear();
  }

  /** The chunks' text from chunk `index` on (a round's answer, to store). */
  textFrom(index: number): string {
    return this.chunks.textFrom(index);
  }

  replay(listener: Listener, fromChunk: number, upTo: number): void {
    let sent = 0;
    let chunk = 0;
    const chunksUntil = (end: number) => {
      for (; chunk < end && sent < upTo; chunk += 1, sent += 1) {
        if (chunk >= fromChunk) deliver(listener, this.chunkEvent(chunk));
      }
    };
    for (const { event, chunksBefore } of this.marks) {
      chunksUntil(chunksBefore);
      if (sent >= upTo) return;
      deliver(listener, event);
      sent += 1;
    }
    chunksUntil(this.chunks.size);
  }

  /** Replays the log (chunks from `fromChunk` on, every other event), then follows until the last event. */
  follow(listener: Listener, fromChunk = 0): () => void {
    this.replay(listener, fromChunk, this.marks.length + this.chunks.size);
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
          if (endsTurn(event)) return;
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
    const { sessionId = '', turnId = '' } = this.ids ?? {};
    return { type: 'assistant_chunk', sessionId, turnId, index, text: this.chunks.delta(index) };
  }
}

function deliver(listener: Listener, event: ChatEvent): void {
  try {
    listener(event);
  } catch {
    // A watcher's failure is its own; the turn and the other watchers go on.
  }
}
