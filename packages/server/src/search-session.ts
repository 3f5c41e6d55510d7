import { criteriaFromProfile } from '@parley/core/requirements';
import { SEARCH_INTENTS, type Parley, type SearchRun } from '@parley/core';
import { z } from 'zod';

/** What a client asks a session's search for, over REST and the socket: an intent and/or words. */
export const searchRequest = z.object({
  intent: z.enum(SEARCH_INTENTS).optional(),
  query: z.string().optional(),
});

/** The validated search request. */
export type SearchRequest = z.infer<typeof searchRequest>;

/**
 * Runs an explicit search in a user's session (R8.6): the criteria come from the session's current
 * requirement profile, so "postings" or "market" need no words. Another user's session is
 * `SESSION_NOT_FOUND` before anything is searched; `signal` stops waiting when the client leaves.
 */
export async function searchSession(
  parley: Parley,
  input: { userId: string; sessionId: string; request: SearchRequest; signal?: AbortSignal },
): Promise<SearchRun> {
  const { profile } = await parley.requirements.get(input.userId, input.sessionId);
  return parley.search.search(input.userId, input.sessionId, {
    ...input.request,
    criteria: criteriaFromProfile(profile),
    ...(input.signal ? { signal: input.signal } : {}),
  });
}
