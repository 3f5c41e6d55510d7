import type { Logger } from 'pino';
import type { ContextSource } from '../../ports/context-source.js';
import type { EmbeddingModel } from '../../ports/embedding-model.js';
import type { RetrievalBreadth } from '../../ports/retrieval-index.js';
import type { Store } from '../../ports/store.js';
import type { AfterTurnJob } from '../chat/after-turn.js';
import { retrievedSource } from './retrieved-source.js';
import { Retriever } from './retriever.js';

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
  const embed: AfterTurnJob = {
    name: 'embed-messages',
    on: 'answer',
    when: () => retriever.vectors,
    async run({ session, userMessage, answer, signal }) {
      await retriever.embedPending(session.id, signal, answer ? [userMessage, answer] : [userMessage]);
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
