import type { Message } from '../../domain/message.js';
import type { Summary } from '../../domain/summary.js';
import type { TurnHistory } from '../../ports/context-source.js';
import type { Store } from '../../ports/store.js';

/** Messages per history page: the window and the sources page through the same pages. */
export const HISTORY_PAGE = 50;

/**
 * One turn's history reads, each made once and shared (the store is asked again on the next turn).
 * `newest`, the turn's user message while its append may still be committing, heads the pages that
 * reach it instead of being read back, so the reads need not wait for the write.
 */
export function createTurnHistory(store: Store, sessionId: string, newest?: Message): TurnHistory {
  let summary: Promise<Summary | undefined> | undefined;
  const pages = new Map<number, Promise<Message[]>>();
  const read = (before: number, limit: number) =>
    store.messages.page(sessionId, { before, limit, order: 'desc' });
  return {
    latestSummary() {
      summary ??= store.summaries.latest(sessionId);
      return summary;
    },
    pageBefore(before) {
      let page = pages.get(before);
      if (!page) {
        page =
          newest && before > newest.seq
            ? read(newest.seq, HISTORY_PAGE - 1).then((older) => [newest, ...older])
            : read(before, HISTORY_PAGE);
        pages.set(before, page);
      }
      return page;
    },
  };
}
