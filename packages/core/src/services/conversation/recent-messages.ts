import { LRUCache } from 'lru-cache';
import type { Message } from '../../domain/message.js';
import { systemClock, type Clock } from '../../ports/clock.js';

/** Limits of the recent-messages cache; the defaults suit one server process. */
export interface RecentMessagesLimits {
  /** Estimated bytes held in all (see `messageBytes`), 32 MB by default. */
  maxBytes?: number;
  /** Newest messages kept per session, 200 by default. */
  perSession?: number;
  /** A session not written or read for this long is dropped, 10 minutes by default. */
  idleMs?: number;
  /** What idleness is measured by; the system clock by default. */
  clock?: Clock;
}

const SWEEP_MS = 60_000;

/** A message's estimated footprint: its text twice over (UTF-16), 300 for the rest, 200 per tool call. */
const messageBytes = (message: Message) =>
  300 + 2 * message.content.length + 200 * (message.toolCalls?.length ?? 0);

/**
 * The newest messages of recently active sessions as this process stored or read them, so a turn's
 * history pages come from memory instead of the store (R4.3, R13). Stored messages never change and
 * their sequence numbers have no gaps, so each session keeps one run of consecutive messages, and a
 * page is served only from inside that run: a message stored elsewhere meanwhile (another process)
 * shows as a gap when this process stores its next one, and the run starts again there. Dropped
 * with the session when the purge expires or deletes it (`drop`); a session another process purged
 * leaves this one's memory within a minute of `idleMs`.
 */
export class RecentMessages {
  private readonly runs: LRUCache<string, Message[]>;
  private readonly perSession: number;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(limits: RecentMessagesLimits = {}) {
    const clock = limits.clock ?? systemClock;
    this.now = () => clock.now().getTime();
    this.perSession = limits.perSession ?? 200;
    this.runs = new LRUCache<string, Message[]>({
      maxSize: limits.maxBytes ?? 32 * 1024 * 1024,
      sizeCalculation: (run) => run.reduce((sum, message) => sum + messageBytes(message), 0),
      ttl: limits.idleMs ?? 10 * 60_000,
      updateAgeOnGet: true,
      // Ages read from the clock on every check: no timer-cached instant.
      perf: { now: this.now },
      ttlResolution: 0,
    });
  }

  /** A message just stored: the session's run grows by it, or starts again at it after a gap. */
  stored(message: Message): void {
    this.sweep();
    const run = this.runs.get(message.sessionId);
    const last = run?.at(-1);
    if (run && last && last.seq + 1 === message.seq) this.keep(message.sessionId, [...run, message]);
    else if (!run?.some((kept) => kept.seq === message.seq)) this.keep(message.sessionId, [message]);
  }

  /**
   * A page read from the store (newest first, below `before`): it starts the session's run, or
   * joins the run it overlaps or touches (usually the turn's own user message, stored just before
   * the read), so the next turns read from memory.
   */
  read(sessionId: string, before: number, page: Message[]): void {
    const ascending = [...page].reverse();
    const oldest = ascending[0];
    if (!oldest || !consecutive(ascending) || ascending.at(-1)?.seq !== before - 1) return;
    const run = this.runs.get(sessionId);
    const start = run?.[0];
    const end = run?.at(-1);
    if (!run || !start || !end) this.keep(sessionId, ascending);
    else if (start.seq <= before && oldest.seq <= end.seq + 1)
      this.keep(sessionId, [
        ...ascending.filter((m) => m.seq < start.seq),
        ...run,
        ...ascending.filter((m) => m.seq > end.seq),
      ]);
  }

  /**
   * Up to `limit` messages with `seq` below `before`, newest first, when the run holds all of them
   * (or all there are, from the session's first message); undefined when the store must be asked.
   */
  pageBefore(sessionId: string, before: number, limit: number): Message[] | undefined {
    const run = this.runs.get(sessionId);
    const first = run?.[0];
    if (!run || !first) return undefined;
    const end = before - first.seq;
    if (end < 0 || end > run.length) return undefined;
    const start = end - limit;
    if (start < 0 && first.seq !== 1) return undefined;
    return run.slice(Math.max(0, start), end).reverse();
  }

  /** Forgets the sessions (closed, deleted or purged): nothing of theirs stays in memory. */
  drop(...sessionIds: string[]): void {
    for (const id of sessionIds) this.runs.delete(id);
  }

  /** Frees the runs idle past `idleMs` (lru-cache only hides them), at most once a minute. */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_MS;
    this.runs.purgeStale();
  }

  private keep(sessionId: string, run: Message[]): void {
    this.runs.set(sessionId, run.length > this.perSession ? run.slice(-this.perSession) : run);
  }
}

function consecutive(ascending: Message[]): boolean {
  return ascending.every((message, index) => index === 0 || ascending[index - 1]!.seq + 1 === message.seq);
}
