import type { Message } from '../../domain/message.js';
import type { TurnHistory } from '../../ports/context-source.js';
import type { HistoryHead, Store } from '../../ports/store.js';
import type { RecentMessages } from '../conversation/recent-messages.js';

/** Messages per history page: the window and the sources page through the same pages. */
export const HISTORY_PAGE = 50;

/**
 * One turn's history reads, each made once and shared (the store is asked again on the next turn).
 * The summary and the newest page, below `headBefore` (the turn's user message + 1), are read
 * together (`MessageRepository.head`). Pages `recent` holds come from memory, and pages read from
 * the store are handed to it for the next turns. The summary is read from the store (another
 * process may have written one) unless `summaryToSeq`, from the caller's session row, is 0: the row
 * moves in the summary's own transaction, so 0 means there is none.
 */
export function createTurnHistory(
  store: Store,
  sessionId: string,
  headBefore: number,
  recent?: RecentMessages,
  summaryToSeq?: number,
): TurnHistory {
  const summarized = summaryToSeq !== 0;
  let head: Promise<HistoryHead> | undefined;
  const pages = new Map<number, Promise<Message[]>>();
  const remembered = (before: number) => recent?.pageBefore(sessionId, before, HISTORY_PAGE);
  const fromStore = (): Promise<HistoryHead> =>
    summarized
      ? store.messages.head(sessionId, { before: headBefore, limit: HISTORY_PAGE }).then((read) => {
          recent?.read(sessionId, headBefore, read.messages);
          return read;
        })
      : readPage(headBefore).then((messages) => ({ summary: undefined, messages }));
  const fromMemory = (messages: Message[]): Promise<HistoryHead> =>
    summarized
      ? store.summaries.latest(sessionId).then((summary) => ({ summary, messages }))
      : Promise.resolve({ summary: undefined, messages });
  // A failed read is not kept: a later reader (an after-turn job) asks the store again.
  const readHead = () => {
    if (!head) {
      const messages = remembered(headBefore);
      head = (messages ? fromMemory(messages) : fromStore()).catch((error: unknown) => {
        head = undefined;
        throw error;
      });
    }
    return head;
  };
  const readPage = (before: number) => {
    const messages = remembered(before);
    if (messages) return Promise.resolve(messages);
    return store.messages.page(sessionId, { before, limit: HISTORY_PAGE, order: 'desc' }).then((read) => {
      recent?.read(sessionId, before, read);
      return read;
    });
  };
  return {
    latestSummary: () => readHead().then((read) => read.summary),
    pageBefore(before) {
      if (before === headBefore) return readHead().then((read) => read.messages);
      let page = pages.get(before);
      if (!page) {
        page = readPage(before).catch((error: unknown) => {
          pages.delete(before);
          throw error;
        });
        pages.set(before, page);
      }
      return page;
    },
  };
}
