import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ContextSource } from '../../ports/context-source.js';
import type { EmbeddingModel } from '../../ports/embedding-model.js';
import type { RetrievalBreadth } from '../../ports/retrieval-index.js';
import type { Store } from '../../ports/store.js';
import type { AfterTurnContext, AfterTurnJob } from '../chat/after-turn.js';
import { retrievedSource } from './retrieved-source.js';
import { Retriever } from './retriever.js';

/** Sessions whose newest stored message the embedding job remembers. */
const REMEMBERED_SESSIONS = 10_000;

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
  // The newest message each session's turns stored, noted for every turn: the runner drops a
  // burst's later jobs, and a run that is not the newest turn's must scan to embed theirs too.
  const newest = new LRUCache<string, number>({ max: REMEMBERED_SESSIONS });
  const lastOf = ({ userMessage, answer }: Pick<AfterTurnContext, 'userMessage' | 'answer'>) =>
    answer?.seq ?? userMessage.seq;
  const embed: AfterTurnJob = {
    name: 'embed-messages',
    on: 'answer',
    when: (turn) => {
      newest.set(turn.session.id, Math.max(newest.get(turn.session.id) ?? 0, lastOf(turn)));
      return retriever.vectors;
    },
    async run(turn) {
      const { session, userMessage, answer, signal } = turn;
      const stored =
        lastOf(turn) >= (newest.get(session.id) ?? 0) ? (answer ? [userMessage, answer] : [userMessage]) : [];
      await retriever.embedPending(session.id, signal, stored);
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
      }),
    ],
    jobs: [embed],
  };
}
