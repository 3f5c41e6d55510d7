import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Message } from '../../domain/message.js';
import type { ContextSource } from '../../ports/context-source.js';
import type { EmbeddingModel } from '../../ports/embedding-model.js';
import type { RetrievalBreadth } from '../../ports/retrieval-index.js';
import type { Store } from '../../ports/store.js';
import type { AfterTurnJob } from '../chat/after-turn.js';
import { retrievedSource } from './retrieved-source.js';
import { Retriever } from './retriever.js';

/** Sessions whose messages stored since their last embedding run the job remembers. */
const REMEMBERED_SESSIONS = 10_000;
/** Messages noted per session before its next run scans the store instead. */
const MAX_NOTED = 64;

/**
 * What retrieval adds to every turn (R6): the "retrieved" context source and, while vectors are
 * on, the job that embeds the session's new messages after each answer (never on its path).
 * Nothing when retrieval is off.
 */
export function retrievalTurnParts(deps: {
  store: Store;
  embeddings: EmbeddingModel;
  config: {
    enabled: boolean;
    budgetTokens: number;
    scope: RetrievalBreadth;
    embeddings: 'auto' | 'off';
    embeddingsBatchMs: number;
    vectorWaitMs: number;
    model: string;
  };
  promptBudgetTokens: number;
  logger: Logger;
}): { retriever: Retriever; sources: ContextSource[]; jobs: AfterTurnJob[] } {
  const retriever = new Retriever({
    store: deps.store,
    embeddings: deps.embeddings,
    model: deps.config.model,
    mode: deps.config.embeddings,
    batchMs: deps.config.embeddingsBatchMs,
    logger: deps.logger,
  });
  if (!deps.config.enabled) return { retriever, sources: [], jobs: [] };
  if (deps.config.embeddings === 'off')
    deps.logger.warn(
      'embeddings off (EMBEDDINGS=off or LLM_EMBEDDING_MODEL empty): retrieval is lexical only',
    );
  // Each session's messages stored since its last embedding run, noted for every turn: the runner
  // drops a burst's later jobs, and the run it keeps embeds theirs too, without reading the store.
  const stored = new LRUCache<string, Message[]>({ max: REMEMBERED_SESSIONS });
  const embed: AfterTurnJob = {
    name: 'embed-messages',
    on: 'answer',
    when: ({ session, userMessage, answer }) => {
      if (!retriever.vectors) return false;
      const noted = stored.get(session.id) ?? [];
      // Past one scan's worth, the run scans instead (noted messages are dropped).
      if (noted.length < MAX_NOTED) noted.push(...(answer ? [userMessage, answer] : [userMessage]));
      stored.set(session.id, noted);
      return true;
    },
    async run({ session, signal }) {
      const noted = stored.get(session.id) ?? [];
      stored.delete(session.id);
      await retriever.embedPending(session.id, signal, noted.length < MAX_NOTED ? noted : []);
    },
  };
  return {
    retriever,
    sources: [
      retrievedSource({
        store: deps.store,
        retriever,
        budgetTokens: deps.config.budgetTokens,
        across: deps.config.scope,
        promptBudgetTokens: deps.promptBudgetTokens,
        vectorWaitMs: deps.config.vectorWaitMs,
      }),
    ],
    jobs: [embed],
  };
}
