import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { Message } from '../../domain/message.js';
import { toParleyError } from '../../errors/http-status.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { NewMessage } from '../../ports/store.js';

/** How an answer's write is retried in place, and how often kept answers are tried again later. */
export interface AnswerRetry {
  /** Writes tried in place before the answer is kept for later (at least 1). */
  attempts: number;
  /** First pause between tries; it doubles up to `maxDelayMs`, in place and for the later flushes. */
  minDelayMs: number;
  maxDelayMs: number;
}

/** Defaults: three tries within about a second, then a flush at most every 5 s while answers are kept. */
export const DEFAULT_ANSWER_RETRY: AnswerRetry = { attempts: 3, minDelayMs: 250, maxDelayMs: 5_000 };

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
  private delayMs: number;
  private flushing: Promise<void> | undefined;
  private readonly retry: AnswerRetry;

  constructor(
    private readonly deps: {
      write: (message: NewMessage) => Promise<Message>;
      logger: Logger;
      retry?: AnswerRetry;
    },
  ) {
    this.retry = deps.retry ?? DEFAULT_ANSWER_RETRY;
    this.delayMs = this.retry.minDelayMs;
  }

  /**
   * Writes `message`, retrying while the database is unavailable. When it still is, keeps the
   * message for later and rejects with `DB_UNAVAILABLE` (`details.kept: true`); any other failure
   * rejects unchanged, and nothing is kept.
   */
  async write(message: NewMessage): Promise<Message> {
    try {
      return await pRetry(() => this.tryWrite(message), {
        retries: Math.max(0, this.retry.attempts - 1),
        minTimeout: this.retry.minDelayMs,
        maxTimeout: this.retry.maxDelayMs,
        factor: 2,
      });
    } catch (error) {
      if (!ParleyError.is(error, 'DB_UNAVAILABLE')) throw error;
      this.kept.push(message);
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
    for (const message of this.kept.splice(0)) {
      this.deps.logger.error(
        {
          sessionId: message.sessionId,
          messageId: message.id,
          status: message.status,
          text: message.content,
        },
        'an answer could not be stored before shutdown',
      );
    }
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
    this.delayMs = this.retry.minDelayMs;
  }

  private schedule(): void {
    if (this.timer || this.kept.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => this.schedule(),
        () => {
          this.delayMs = Math.min(this.delayMs * 2, this.retry.maxDelayMs);
          this.schedule();
        },
      );
    }, this.delayMs);
    this.timer.unref();
  }
}
