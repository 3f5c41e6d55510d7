import { z } from 'zod';
import { searchRequest, searchSession } from '../search-session.js';
import { defineRoute, type Route } from './define-route.js';

const keepBody = z.object({ url: z.string() });

/**
 * Web search in a session over REST (R8, issue 11): run one, list the past runs, keep a result and
 * list the kept ones. Provider trouble answers 200 with `degraded` or `stale`, never a 5xx; search
 * switched off is `503 SEARCH_NOT_CONFIGURED`.
 */
export const SEARCH_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'post',
    path: '/sessions/:id/search',
    auth: true,
    body: searchRequest,
    handle: async ({ parley, user, params, body, res }) => {
      const abort = new AbortController();
      const onClose = () => {
        if (!res.writableEnded) abort.abort();
      };
      res.once('close', onClose);
      try {
        const search = await searchSession(parley, {
          userId: user.id,
          sessionId: params.id!,
          request: body,
          signal: abort.signal,
        });
        return { data: { search } };
      } finally {
        res.off('close', onClose);
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/sessions/:id/searches',
    auth: true,
    handle: async ({ parley, user, params, req }) => ({
      data: { searches: await parley.search.list(user.id, params.id!, req.query as { limit?: number }) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/sessions/:id/searches/kept',
    auth: true,
    handle: async ({ parley, user, params }) => ({
      data: { kept: await parley.search.kept(user.id, params.id!) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/sessions/:id/searches/:searchId/keep',
    auth: true,
    body: keepBody,
    handle: async ({ parley, user, params, body }) => ({
      data: { kept: await parley.search.keep(user.id, params.id!, params.searchId!, body.url) },
    }),
  }),
];
