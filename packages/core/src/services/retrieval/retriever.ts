import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { ParleyError } from '../../errors/parley-error.js';
import type { EmbeddingModel } from '../../ports/embedding-model.js';
import type { Message } from '../../domain/message.js';
import type { KeptHit, PendingEmbedding, RetrievalHit, RetrievalScope } from '../../ports/retrieval-index.js';
import type { Store } from '../../ports/store.js';
import { fuseRanks } from './fuse-ranks.js';
import { VectorBatcher } from './vector-batcher.js';

const STOP = new Set(
  'a an and are as at be but by did do does for from had has have how i in is it its me my of on or our so that the their them they this to was we were what when where which who why will with you your'.split(
    ' ',
  ),
);
const BATCH = 64;
const MAX_BATCHES_PER_RUN = 32;
const CANDIDATES = 20;
/** Sessions whose embedded messages this process remembers; others are scanned from the start once. */
const REMEMBERED_SESSIONS = 10_000;

/** Which of the two indexes to use; both by default. */
export interface RetrievalModes {
  lexical?: boolean;
  vectors?: boolean;
}

/** How `Retriever.search` runs: the indexes to use, and what a chat turn adds to bound its wait. */
export interface SearchOptions extends RetrievalModes {
  /** Stops the search's own embeddings request (a cancelled turn, a context source out of time). */
  signal?: AbortSignal;
  /** The text's embedding when the caller started it earlier (`embedQuery`); requested here otherwise. */
  query?: Promise<number[] | undefined>;
  /**
   * How long the vector half (the embedding, then the vector search) may take from the search's
   * start; past it the search returns the lexical hits alone and stops its embeddings request.
   * Unbounded when absent.
   */
  vectorWaitMs?: number;
}

/**
 * Finds the older messages of a session that matter to a question (R6): lexical search always,
 * vector search while the embeddings endpoint works, fused by reciprocal rank. An endpoint that
 * refuses embeddings (404/400, unknown model, no key) switches vectors off with one warning.
 */
export class Retriever {
  private vectorsOn: boolean;
  private late = 0;
  /**
   * Per session, the newest message this process knows has a vector, with every older one: the
   * next run looks only after it, so a run costs the new messages, not the whole history. A session
   * not remembered (a restart, another process's turns) is scanned from its start, which also
   * catches what a failed run left.
   */
  private readonly embeddedUpTo = new LRUCache<string, number>({ max: REMEMBERED_SESSIONS });
  private readonly batcher: VectorBatcher;

  constructor(
    private readonly deps: {
      store: Store;
      embeddings: EmbeddingModel;
      /** The embedding model's name, stored with each vector. */
      model: string;
      /** `off`: lexical only from the start. */
      mode: 'auto' | 'off';
      /** How long the embedding job waits to join other answers' messages into one request (0: never). */
      batchMs?: number;
      logger: Logger;
    },
  ) {
    this.vectorsOn = deps.mode === 'auto';
    this.batcher = new VectorBatcher({
      windowMs: deps.batchMs ?? 0,
      embed: (texts) => this.embed(texts),
      save: (rows) => deps.store.retrieval.saveVectors(deps.model, rows),
    });
  }

  /** Whether vector search is in use (false after `EMBEDDINGS=off` or a refusing endpoint). */
  get vectors(): boolean {
    return this.vectorsOn;
  }

  /** Searches since start that used the lexical hits alone, their vector half past `vectorWaitMs` (metrics). */
  get vectorsLate(): number {
    return this.late;
  }

  /** The best older messages for `text` within `scope`, fused from the indexes in use. */
  async search(scope: RetrievalScope, text: string, options: SearchOptions = {}): Promise<RetrievalHit[]> {
    const candidates = { ...scope, limit: Math.max(scope.limit, CANDIDATES) };
    const lists: Promise<RetrievalHit[]>[] = [];
    if (options.lexical !== false) lists.push(this.deps.store.retrieval.searchText(candidates, terms(text)));
    if (options.vectors !== false && this.vectorsOn) lists.push(this.vectorHits(candidates, text, options));
    return fuseRanks(await Promise.all(lists), scope.limit);
  }

  /**
   * Starts embedding `text` as a search query, so that the request to the endpoint can run beside
   * other work before `search` (its `query`). Never rejects: undefined while vectors are off, after
   * a refusal (vectors then go off) or a failure.
   */
  async embedQuery(text: string, signal?: AbortSignal): Promise<number[] | undefined> {
    if (!this.vectorsOn) return undefined;
    return (await this.embed([text], signal))?.[0];
  }

  /** The kept search results best matching `text` within `scope` (lexical only: they have no vectors). */
  async searchKept(scope: RetrievalScope, text: string): Promise<KeptHit[]> {
    return this.deps.store.retrieval.searchKept(scope, terms(text));
  }

  /**
   * Embeds the session's messages that have no vector yet, in batches; returns how many. `stored`
   * are messages the caller has just stored (a turn's question and answer): when they directly
   * follow the newest message this process embedded, they are all that is pending, and the store
   * is not asked. Otherwise (a gap, a restart, another process's turns) the store is scanned.
   */
  async embedPending(sessionId: string, signal?: AbortSignal, stored: Message[] = []): Promise<number> {
    const known = this.followOn(sessionId, stored);
    if (known)
      return (await this.embedBatch(sessionId, known.pending, known.upTo, signal)) ? known.pending.length : 0;
    let done = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN && this.vectorsOn; batch += 1) {
      const pending = await this.deps.store.retrieval.pendingEmbeddings(
        sessionId,
        this.deps.model,
        BATCH,
        this.embeddedUpTo.get(sessionId),
      );
      const upTo = pending.at(-1)?.seq;
      if (upTo === undefined || !(await this.embedBatch(sessionId, pending, upTo, signal))) break;
      done += pending.length;
      if (pending.length < BATCH) break;
    }
    return done;
  }

  /** `stored` as the pending messages, if they continue without a gap from the newest one embedded here. */
  private followOn(
    sessionId: string,
    stored: Message[],
  ): { pending: PendingEmbedding[]; upTo: number } | undefined {
    const upTo = this.embeddedUpTo.get(sessionId);
    if (upTo === undefined || stored.length === 0 || stored.length > BATCH) return undefined;
    // Messages a scan since their turn already embedded (every one up to `upTo` has its vector).
    const ordered = stored.filter((m) => m.seq > upTo).sort((a, b) => a.seq - b.seq);
    if (ordered.some((m, i) => m.sessionId !== sessionId || m.seq !== upTo + 1 + i)) return undefined;
    const pending = ordered
      .filter((m) => (m.role === 'user' || m.role === 'assistant') && m.content !== '')
      .map((m) => ({ messageId: m.id, sessionId, seq: m.seq, content: m.content }));
    return { pending, upTo: upTo + ordered.length };
  }

  /**
   * Embeds and saves `pending` (joined with other sessions' by the batcher) and remembers that every
   * message up to `upTo` has its vector; false when embedding failed (nothing remembered, so the
   * next run scans again).
   */
  private async embedBatch(
    sessionId: string,
    pending: PendingEmbedding[],
    upTo: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (!this.vectorsOn || !(await this.batcher.add(pending, signal))) return false;
    this.embeddedUpTo.set(sessionId, upTo);
    return true;
  }

  /** The vector half of a search, given up (no hits) once past `vectorWaitMs`. */
  private vectorHits(
    scope: RetrievalScope,
    text: string,
    { signal, query, vectorWaitMs }: SearchOptions,
  ): Promise<RetrievalHit[]> {
    const stop = new AbortController();
    const hits = (async () => {
      const vector = await (query ??
        this.embedQuery(text, signal ? AbortSignal.any([signal, stop.signal]) : stop.signal));
      return vector ? this.deps.store.retrieval.searchVectors(scope, this.deps.model, vector) : [];
    })();
    if (vectorWaitMs === undefined) return hits;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.late += 1;
        this.deps.logger.debug(
          { sessionId: scope.sessionId, vectorWaitMs },
          'vector search late: the lexical hits are used alone',
        );
        stop.abort();
        resolve([]);
      }, vectorWaitMs);
      hits.then(
        (found) => {
          clearTimeout(timer);
          resolve(found);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** Vectors, or undefined when the endpoint refused (vectors are then off) or failed (retried next time). */
  private async embed(texts: string[], signal?: AbortSignal): Promise<number[][] | undefined> {
    try {
      return await this.deps.embeddings.embed(texts, signal ? { signal } : {});
    } catch (error) {
      // A cancelled turn's query, or a job stopped at shutdown: nothing failed.
      if (signal?.aborted) return undefined;
      if (refusal(error)) {
        this.vectorsOn = false;
        this.deps.logger.warn(
          { err: error },
          'the embeddings endpoint refuses embeddings: retrieval continues with lexical search only',
        );
        return undefined;
      }
      this.deps.logger.warn({ err: error }, 'embedding failed; retried after a later turn');
      return undefined;
    }
  }
}

/** Plain query words for the lexical index, stop words left out. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => !STOP.has(word) && word.length > 1))].slice(0, 32);
}

/** No key, or every attempt answered 400/404/422 (no such route or model): not worth retrying. */
function refusal(error: unknown): boolean {
  if (ParleyError.is(error, 'LLM_NOT_CONFIGURED')) return true;
  if (!ParleyError.is(error, 'LLM_UNAVAILABLE')) return false;
  const attempts = (error.details.attempts ?? []) as Array<{ status?: number }>;
  return (
    attempts.length > 0 && attempts.every((a) => a.status === 400 || a.status === 404 || a.status === 422)
  );
}
