import { describe, expect, it } from 'vitest';
import { EMPTY_CRITERIA, type SearchCriteria } from '../../src/domain/search-criteria.js';
import { buildQueries } from '../../src/services/search/build-queries.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');
const role: SearchCriteria = {
  roleTitle: 'Go engineer',
  seniority: 'senior',
  mustHave: ['Go', 'Kubernetes', 'gRPC', 'Kafka'],
  niceToHave: ['Terraform'],
  excluded: [],
  locations: ['Berlin', 'Munich'],
  remote: 'hybrid',
};
const skillsOnly: SearchCriteria = { ...EMPTY_CRITERIA, mustHave: ['Rust'], remote: 'remote' };

describe('queries from the criteria or the user', () => {
  it.each([
    {
      intent: 'market',
      criteria: role,
      query: undefined,
      max: 3,
      plan: {
        queries: [
          'senior Go engineer salary Berlin',
          'Go engineer salary range Berlin 2026',
          'senior Go engineer hiring demand Berlin',
        ],
        timeRange: 'year',
      },
    },
    {
      intent: 'postings',
      criteria: role,
      query: undefined,
      max: 2,
      plan: {
        queries: [
          'senior Go engineer job Go Kubernetes gRPC Berlin',
          'senior Go engineer job opening Berlin',
        ],
        timeRange: 'month',
      },
    },
    {
      intent: 'candidates',
      criteria: skillsOnly,
      query: undefined,
      max: 3,
      plan: { queries: ['Rust portfolio', 'Rust github profile remote', 'Rust community meetup remote'] },
    },
    {
      intent: 'general',
      criteria: role,
      query: '  what do Go engineers earn?  ',
      max: 3,
      plan: { queries: ['what do Go engineers earn?'] },
    },
    {
      intent: 'postings',
      criteria: EMPTY_CRITERIA,
      query: undefined,
      max: 3,
      plan: { queries: [], timeRange: 'month' },
    },
  ] as const)('$intent with $max queries at most', ({ intent, criteria, query, max, plan }) => {
    expect(buildQueries(intent, criteria, query, max, NOW)).toEqual(plan);
  });
});
