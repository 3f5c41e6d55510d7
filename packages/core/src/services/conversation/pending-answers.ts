import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { Message } from '../../domain/message.js';
import { toParleyError } from '../../errors/to-parley-error.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { NewMessage } from '../../ports/store.js';

/**
 * Three tries in place within about a second, then a flush every 0.25 s, doubling up to every 5 s,
 * while answers are kept.
 */
const RETRY = { attempts: 3, minDelayMs: 250, maxDelayMs: 5_000 };
/** Answers kept at most; past it, during a long outage, the oldest goes to the log (with its text). */
const MAX_KEPT = 1_000;

const keptFailure = (cause: unknown) =>
  new ParleyError(
    'DB_UNAVAILABLE',
    'The answer could not be stored yet; it is kept and stored once the database answers again.',
    { kept: true },
    { cause },
  );

/**
 * Answers are never dropped because the database blinked (R10.2, issue 13): a streamed answer's
 * write is retried with backoff, and if the database still does not answer, the answer is kept in
 * memory and written by a background flush (with backoff) or before the session's next message,
 * whichever comes first. Writes keep the message's id, and the store's append is idempotent by id,
 * so a retry after a lost reply never stores an answer twice.
 */
export class PendingAnswers {
  private readonly kept: NewMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private delayMs = RETRY.minDelayMs;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      write: (message: NewMessage) => Promise<Message>;
      logger: Logger;
    },
  ) {}

  /**
   * Writes `message`, retrying while the database is unavailable. When it still is, keeps the
   * message for later and rejects with `DB_UNAVAILABLE` (`details.kept: true`); any other failure
   * rejects unchanged, and nothing is kept.
   */
  async write(message: NewMessage): Promise<Message> {
    try {
      return await pRetry(() => this.tryWrite(message), {
        retries: Math.max(0, RETRY.attempts - 1),
        minTimeout: RETRY.minDelayMs,
        maxTimeout: RETRY.maxDelayMs,
        factor: 2,
      });
    } catch (error) {
      if (!ParleyError.is(error, 'DB_UNAVAILABLE')) throw error;
      this.kept.push(message);
      for (const oldest of this.kept.splice(0, Math.max(0, this.kept.length - MAX_KEPT)))
        this.logLost(oldest);
      this.deps.logger.warn(
        { err: error, sessionId: message.sessionId, messageId: message.id, kept: this.kept.length },
        'storing an answer failed; kept to store once the database answers',
      );
      this.schedule();
      throw keptFailure(error);
    }
  }

  /**
   * Writes the kept answers (of `sessionId` only, when given) in the order they were kept; rejects
   * with the store's failure while it still fails. Called before a session takes its next message.
   */
  async flush(sessionId?: string): Promise<void> {
    if (!this.kept.some((message) => sessionId === undefined || message.sessionId === sessionId)) return;
    // One flush at a time, so two callers never write the same answer concurrently.
    while (this.flushing) await this.flushing.catch(() => undefined);
    this.flushing = this.writeKept(sessionId);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  /** How many answers wait for the database. */
  size(): number {
    return this.kept.length;
  }

  /** Shutdown: one last flush; answers that still cannot be written are logged with their text. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
    for (const message of this.kept.splice(0)) this.logLost(message);
  }

  /** The last record of an answer the database never took: the log, with its text. */
  private logLost(message: NewMessage): void {
    const { sessionId, id: messageId, status, content: text } = message;
    this.deps.logger.error({ sessionId, messageId, status, text }, 'an answer could not be stored');
  }

  private async tryWrite(message: NewMessage): Promise<Message> {
    try {
      return await this.deps.write(message);
    } catch (error) {
      const failure = toParleyError(error);
      throw ParleyError.is(failure, 'DB_UNAVAILABLE') ? failure : new AbortError(failure);
    }
  }

  private async writeKept(sessionId: string | undefined): Promise<void> {
    for (const message of [...this.kept]) {
      if (sessionId !== undefined && message.sessionId !== sessionId) continue;
      const refused = await this.deps.write(message).then(
        () => undefined,
        (error: unknown) => {
          if (ParleyError.is(toParleyError(error), 'DB_UNAVAILABLE')) throw error;
          return error;
        },
      );
      this.kept.splice(this.kept.indexOf(message), 1);
      const where = { sessionId: message.sessionId, messageId: message.id };
      if (refused === undefined) this.deps.logger.info(where, 'kept answer stored');
      // Refused for good (its session was deleted meanwhile): the log is then its only record.
      else this.deps.logger.error({ err: refused, ...where, text: message.content }, 'kept answer refused');
    }
    this.delayMs = RETRY.minDelayMs;
  }

  private schedule(): void {
    if (this.timer || this.kept.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => this.schedule(),
        () => {
          this.delayMs = Math.min(this.delayMs * 2, RETRY.maxDelayMs);
          this.schedule();
        },
      );
    }, this.delayMs);
    this.timer.unref();
  }
}
