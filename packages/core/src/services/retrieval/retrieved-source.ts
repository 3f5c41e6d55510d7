import type { Message } from '../../domain/message.js';
import type { ContextSource, TurnHistory } from '../../ports/context-source.js';
import type { Store } from '../../ports/store.js';
import { CONTEXT_ORDER, MESSAGE_OVERHEAD } from '../chat/context-builder.js';
import { HISTORY_PAGE } from '../chat/turn-history.js';
import type { Retriever } from './retriever.js';

const HEADER =
  'Older messages of this conversation that may matter now (they are no longer in the recent messages):';
const HITS = 5;

/**
 * The "retrieved" context source (R6.3): the messages most relevant to the user's message among
 * those the window cannot hold (summarised ones included, as a summary is lossy), each with one
 * neighbour on either side, within the source's budget. The window is estimated from the newest
 * message back over the whole prompt budget, so nothing retrieved is also in the window.
 */
export function retrievedSource(deps: {
  store: Store;
  retriever: Retriever;
  budgetTokens: number;
  promptBudgetTokens: number;
}): ContextSource {
  return {
    name: 'retrieved',
    order: CONTEXT_ORDER.retrieved,
    budgetShare: Math.min(1, deps.budgetTokens / Math.max(1, deps.promptBudgetTokens)),
    async build({ userId, sessionId, userMessage, budgetTokens, countTokens, signal, history }) {
      const windowFrom = await windowStart(history, userMessage.seq, deps.promptBudgetTokens);
      if (windowFrom <= 1) return null;
      const hits = await deps.retriever.search(
        { userId, sessionId, beforeSeq: windowFrom, limit: HITS },
        userMessage.content,
        {},
        signal,
      );
      const chosen = new Map<number, Message>();
      let tokens = countTokens(HEADER) + MESSAGE_OVERHEAD;
      for (const hit of hits) {
        const group = await deps.store.messages.page(sessionId, {
          after: hit.seq - 2,
          before: Math.min(hit.seq + 2, windowFrom),
          limit: 3,
          order: 'asc',
        });
        const fresh = group.filter((m) => !chosen.has(m.seq) && m.content !== '');
        const cost = fresh.reduce((sum, m) => sum + countTokens(line(m)) + 1, 0);
        if (fresh.length === 0 || tokens + cost > budgetTokens) continue;
        for (const m of fresh) chosen.set(m.seq, m);
        tokens += cost;
      }
      if (chosen.size === 0) return null;
      const lines = [...chosen.values()].sort((a, b) => a.seq - b.seq).map(line);
      return { messages: [{ role: 'system', content: [HEADER, ...lines].join('\n') }], tokens };
    },
  };
}

function line(message: Message): string {
  return `[#${message.seq} ${message.role}] ${message.content}`;
}

/**
 * The oldest sequence number the window could hold: newest first, until the whole prompt budget is
 * spent or the summary's boundary is reached. The real window is never larger.
 */
async function windowStart(history: TurnHistory, seq: number, budget: number): Promise<number> {
  const summary = await history.latestSummary();
  const floor = summary?.toSeq ?? 0;
  let spent = 0;
  let from = seq + 1;
  for (;;) {
    const page = await history.pageBefore(from);
    for (const message of page) {
      spent += message.tokenCount + MESSAGE_OVERHEAD;
      if (message.seq <= floor || spent > budget) return from;
      from = message.seq;
    }
    if (page.length < HISTORY_PAGE) return from;
  }
}
