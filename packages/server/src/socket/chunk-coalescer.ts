import type { ChatEvent, SessionEvent } from '@parley/core';

type Chunk = Extract<ChatEvent, { type: 'assistant_chunk' }>;

/** A coalesced `assistant_chunk`: the joined text of `count` deltas, `index` the first one's. */
export type CoalescedChunk = Chunk & { count: number };

/** What a room relays: every session event, chunks carrying `count`. */
export type RelayedEvent = Exclude<ChatEvent | SessionEvent, Chunk> | CoalescedChunk;

/** Hands events on in order, joining a turn's consecutive chunks; `close` sends what is held. */
export interface ChunkCoalescer {
  push(event: ChatEvent | SessionEvent): void;
  close(): void;
}

/**
 * Joins the `assistant_chunk` events of one turn that arrive within `delayMs` (0: within one
 * event-loop turn) into one, so deltas the model sent together cost one frame per socket, not one
 * each. Any other event first sends the held chunk, so order is kept; `index` + `count` keep
 * resuming from an index exact. `delayMs` null passes every event through alone (`count` 1).
 */
export function createChunkCoalescer(
  delayMs: number | null,
  listener: (event: RelayedEvent) => void,
): ChunkCoalescer {
  let held: { chunk: CoalescedChunk; parts: string[] } | undefined;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  const flush = () => {
    if (timer !== undefined) {
      if (delayMs === 0) clearImmediate(timer as NodeJS.Immediate);
      else clearTimeout(timer as NodeJS.Timeout);
      timer = undefined;
    }
    if (!held) return;
    const { chunk, parts } = held;
    held = undefined;
    listener(parts.length === 1 ? chunk : { ...chunk, text: parts.join('') });
  };
  return {
    push(event) {
      if (event.type !== 'assistant_chunk') {
        flush();
        listener(event);
        return;
      }
      if (delayMs === null) {
        listener({ ...event, count: 1 });
        return;
      }
      if (held && held.chunk.turnId === event.turnId && held.chunk.index + held.chunk.count === event.index) {
        held.parts.push(event.text);
        held.chunk.count += 1;
        return;
      }
      flush();
      // A turn's first delta goes out at once: the wait for the first text is what a user notices.
      if (event.index === 0) {
        listener({ ...event, count: 1 });
        return;
      }
      held = { chunk: { ...event, count: 1 }, parts: [event.text] };
      timer = delayMs === 0 ? setImmediate(flush) : setTimeout(flush, delayMs);
    },
    close: flush,
  };
}
