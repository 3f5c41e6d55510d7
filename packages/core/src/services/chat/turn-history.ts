import type { Message } from '../../domain/message.js';
import type { Summary } from '../../domain/summary.js';
import type { TurnHistory } from '../../ports/context-source.js';
import type { Store } from '../../ports/store.js';

/** Messages per history page: the window and the sources page through the same pages. */
export const HISTORY_PAGE = 50;

/** One turn's history reads, each made once and shared (the store is asked again on the next turn). */
export function createTurnHistory(store: Store, sessionId: string): TurnHistory {
  let summary: Promise<Summary | undefined> | undefined;
  const pages = new Map<number, Promise<Message[]>>();
  return {
    latestSummary() {
      summary ??= store.summaries.latest(sessionId);
      return summary;
    },
    pageBefore(before) {
      let page = pages.get(before);
      if (!page) {
        page = store.messages.page(sessionId, { before, limit: HISTORY_PAGE, order: 'desc' });
        pages.set(before, page);
      }
      return page;
    },
  };
}
