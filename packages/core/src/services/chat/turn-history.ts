import type { Message } from '../../domain/message.js';
import type { TurnHistory } from '../../ports/context-source.js';
import type { HistoryHead, Store } from '../../ports/store.js';

/** Messages per history page: the window and the sources page through the same pages. */
export const HISTORY_PAGE = 50;

/**
 * One turn's history reads, each made once and shared (the store is asked again on the next turn).
 * The summary and the newest page, below `headBefore` (the turn's user message + 1), are read
 * together (`MessageRepository.head`): every turn needs both.
 */
export function createTurnHistory(store: Store, sessionId: string, headBefore: number): TurnHistory {
  let head: Promise<HistoryHead> | undefined;
  const pages = new Map<number, Promise<Message[]>>();
  // A failed read is not kept: a later reader (an after-turn job) asks the store again.
  const readHead = () =>
    (head ??= store.messages.head(sessionId, { before: headBefore, limit: HISTORY_PAGE }).catch((error) => {
      head = undefined;
      throw error;
    }));
  return {
    latestSummary: () => readHead().then((read) => read.summary),
    pageBefore(before) {
      if (before === headBefore) return readHead().then((read) => read.messages);
      let page = pages.get(before);
      if (!page) {
        page = store.messages
          .page(sessionId, { before, limit: HISTORY_PAGE, order: 'desc' })
          .catch((error) => {
            pages.delete(before);
            throw error;
          });
        pages.set(before, page);
      }
      return page;
    },
  };
}
