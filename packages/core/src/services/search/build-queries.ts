import type { SearchCriteria } from '../../domain/search-criteria.js';
import type { SearchIntent } from '../../domain/search.js';
import type { SearchTimeRange } from '../../ports/search-provider.js';

/** The queries of one search and the provider options its intent asks for. */
export interface QueryPlan {
  queries: string[];
  timeRange?: SearchTimeRange;
}

/** Intents that look for recent pages: pay and postings change within months. */
const TIME_RANGE: Partial<Record<SearchIntent, SearchTimeRange>> = { market: 'year', postings: 'month' };

/**
 * The queries for one search (R8.2): the user's own words when given, otherwise phrases built from
 * the criteria for the intent (role, seniority, must-have skills, location or remote), at most `max`,
 * without repeats. Empty when there is nothing to search for.
 */
export function buildQueries(
  intent: SearchIntent,
  criteria: SearchCriteria,
  userQuery: string | undefined,
  max: number,
  now: Date,
): QueryPlan {
  const words = userQuery?.trim();
  const queries = words ? [words] : fromCriteria(intent, criteria, now.getUTCFullYear());
  const distinct = [...new Map(queries.map((q) => [q.toLowerCase(), q])).values()];
  const timeRange = TIME_RANGE[intent];
  return { queries: distinct.slice(0, max), ...(timeRange ? { timeRange } : {}) };
}

function fromCriteria(intent: SearchIntent, criteria: SearchCriteria, year: number): string[] {
  const topSkills = criteria.mustHave.slice(0, 3).join(' ');
  const place = criteria.locations[0] ?? (criteria.remote === 'remote' ? 'remote' : undefined);
  // Without a title the skills name the role, so they are not repeated after it.
  const subject = join(criteria.seniority, criteria.roleTitle ?? topSkills);
  const skills = criteria.roleTitle ? topSkills : undefined;
  if (!criteria.roleTitle && !topSkills) return [];
  switch (intent) {
    case 'market':
      return [
        join(subject, 'salary', place),
        join(criteria.roleTitle ?? topSkills, 'salary range', place, String(year)),
        join(subject, 'hiring demand', place),
      ];
    case 'postings':
      return [
        join(subject, 'job', skills, place),
        join(subject, 'job opening', place),
        join(subject, 'careers', criteria.remote),
      ];
    case 'candidates':
      return [
        join(subject, skills, 'portfolio'),
        join(subject, skills, 'github profile', place),
        join(criteria.roleTitle ?? topSkills, 'community meetup', place),
      ];
    case 'general':
      return [join(subject, skills, place)];
  }
}

function join(...parts: Array<string | undefined>): string {
  return parts
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
}
