import type { PendingEmbedding } from '../../ports/retrieval-index.js';

/**
 * The most texts, and characters, one joined request carries (a fuller batch goes out at once):
 * as many texts as one session's scan sends, and well under providers' tokens per request.
 */
const MAX_TEXTS = 64;
const MAX_CHARS = 200_000;

interface Waiting {
  pending: PendingEmbedding[];
  done: (saved: boolean) => void;
  failed: (error: unknown) => void;
}

/**
 * Joins the embedding work of answers that end within `windowMs` of each other into one
 * embeddings request and one write of their vectors: under load, one request serves many answers
 * instead of one each, which the provider's rate limit feels (Parley's CPU per answer moved by less
 * than the bench's noise; docs/performance.md). `windowMs: 0` sends each answer's messages on their
 * own, at once.
 */
export class VectorBatcher {
  private waiting: Waiting[] = [];
  private texts = 0;
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      windowMs: number;
      /** Vectors in the texts' order, or undefined when the endpoint failed or refused. */
      embed(texts: string[]): Promise<number[][] | undefined>;
      save(rows: Array<{ messageId: string; sessionId: string; vector: number[] }>): Promise<void>;
    },
  ) {}

  /**
   * Resolves true once `pending`'s vectors are stored, false when embedding failed; rejects when
   * the write failed, or with `signal`'s reason once it aborts (the joined request goes on for the
   * other answers).
   */
  add(pending: PendingEmbedding[], signal?: AbortSignal): Promise<boolean> {
    if (pending.length === 0) return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (saved: boolean) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(saved);
      };
      const failed = (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      this.waiting.push({ pending, done, failed });
      this.texts += pending.length;
      this.chars += pending.reduce((sum, p) => sum + p.content.length, 0);
      if (this.deps.windowMs <= 0 || this.texts >= MAX_TEXTS || this.chars >= MAX_CHARS) this.flush();
      // Not unref'd: a process that only waits for this batch (a CLI closing) must still send it.
      else this.timer ??= setTimeout(() => this.flush(), this.deps.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.texts = 0;
    this.chars = 0;
    void this.send(batch);
  }

  /**
   * One request for the whole batch, then one write; a write that fails (a session purged since its
   * answer, whose messages are gone) is retried per answer, so the others' vectors are still kept.
   */
  private async send(batch: Waiting[]): Promise<void> {
    let vectors: number[][] | undefined;
    try {
      vectors = await this.deps.embed(batch.flatMap((w) => w.pending.map((p) => p.content)));
    } catch (error) {
      for (const w of batch) w.failed(error);
      return;
    }
    if (!vectors) {
      for (const w of batch) w.done(false);
      return;
    }
    let offset = 0;
    const rows = batch.map((w) =>
      w.pending.map((p) => ({
        messageId: p.messageId,
        sessionId: p.sessionId,
        vector: (vectors as number[][])[offset++] ?? [],
      })),
    );
    try {
      await this.deps.save(rows.flat());
      for (const w of batch) w.done(true);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.failed(error);
        return;
      }
      await Promise.all(
        batch.map((w, i) =>
          this.deps.save(rows[i] ?? []).then(
            () => w.done(true),
            (alone: unknown) => w.failed(alone),
          ),
        ),
      );
    }
  }
}
