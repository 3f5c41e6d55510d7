import { wire } from '../socket/socket-protocol.js';
import { searchSession } from '../search-session.js';
import { defineRoute, type Route } from './define-route.js';

/**
 * Web search in a session over REST (R8, issue 11): run one, list the past runs, keep a result and
 * list the kept ones. Provider trouble answers 200 with `degraded` or `stale`, never a 5xx; search
 * switched off is `503 SEARCH_NOT_CONFIGURED`.
 */
export const SEARCH_ROUTES: readonly Route[] = [
  defineRoute('search', async ({ parley, user, params, body, res }) => {
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableEnded) abort.abort();
    };
    res.once('close', onClose);
    try {
      const search = await searchSession(parley, {
        userId: user.id,
        sessionId: params.id,
        request: body,
        signal: abort.signal,
      });
      return { data: wire({ search }) };
    } finally {
      res.off('close', onClose);
    }
  }),
  defineRoute('searches', async ({ parley, user, params, query }) => ({
    data: wire({ searches: await parley.search.list(user.id, params.id, query) }),
  })),
  defineRoute('keptResults', async ({ parley, user, params }) => ({
    data: wire({ kept: await parley.search.kept(user.id, params.id) }),
  })),
  defineRoute('keepResult', async ({ parley, user, params, body }) => ({
    data: wire({ kept: await parley.search.keep(user.id, params.id, params.searchId, body.url) }),
  })),
];
