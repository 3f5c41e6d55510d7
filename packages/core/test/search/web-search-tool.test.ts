import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTiktokenCounter } from '../../src/adapters/tokens/tiktoken-counter.js';
import type { SearchCriteria } from '../../src/domain/search-criteria.js';
import { SearchProviderError } from '../../src/errors/search-provider-error.js';
import type { ToolOutput } from '../../src/ports/tool.js';
import { createWebSearchTool } from '../../src/services/search/web-search-tool.js';
import { createFakeSearchProvider } from '../../src/testing/fake-search-provider.js';
import { createSearchKit } from './search-test-kit.js';

const criteria: SearchCriteria = {
  roleTitle: 'Go engineer',
  seniority: 'senior',
  mustHave: ['Go'],
  niceToHave: [],
  excluded: [],
  locations: ['Berlin'],
};
const page = (n: number) => ({
  title: `Go job ${n}`,
  url: `https://jobs.example/${n}`,
  content: `Senior Go engineer in Berlin. ${'Details. '.repeat(40)}`,
  score: 0.5,
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(provider: ReturnType<typeof createFakeSearchProvider> | null, maxTokens?: number) {
  const kit = await createSearchKit(provider, { maxQueries: 1 });
  cleanup = kit.cleanup;
  const asked: string[] = [];
  const tool = createWebSearchTool({
    search: kit.search,
    criteriaFor: (_userId, sessionId) => {
      asked.push(sessionId);
      return criteria;
    },
    tokens: createTiktokenCounter(),
    ...(maxTokens ? { maxTokens } : {}),
  });
  const context = {
    userId: kit.ada.user.id,
    sessionId: kit.ada.session.id,
    turnId: randomUUID(),
    signal: new AbortController().signal,
  };
  return { kit, tool, context, asked };
}

describe('web_search tool', () => {
  it('validates its arguments with zod', async () => {
    const { tool } = await setup(createFakeSearchProvider());
    expect(tool.name).toBe('web_search');
    expect(tool.parameters.safeParse({ intent: 'market' }).success).toBe(true);
    expect(tool.parameters.safeParse({ intent: 'weather' }).success).toBe(false);
  });

  it("searches with the session's criteria and returns ranked results with URLs, trimmed to the token budget", async () => {
    const provider = createFakeSearchProvider({ answer: [1, 2, 3, 4, 5, 6].map(page) });
    const { tool, context, asked, kit } = await setup(provider, 300);
    const output = (await tool.execute({ intent: 'postings' }, context)) as ToolOutput;
    expect(asked).toEqual([context.sessionId]);
    expect(provider.calls[0]?.query).toBe('senior Go engineer job Go Berlin');
    expect(output.content).toContain('https://jobs.example/1');
    expect(output.content).toContain('matched: Go, senior, Berlin');
    expect(output.content).not.toContain('https://jobs.example/6');
    expect(createTiktokenCounter().count(output.content)).toBeLessThanOrEqual(300);
    expect(output.summary).toMatch(/^web_search postings: [1-5] of 6 results$/);
    const [run] = await kit.search.list(context.userId, context.sessionId);
    expect(output.content).toContain(`Search ${run?.id}`);
  });

  it('tells the model when search is degraded or off, instead of failing the turn', async () => {
    const failing = await setup(
      createFakeSearchProvider({ answer: new SearchProviderError('timeout', 'slow') }),
    );
    const degraded = (await failing.tool.execute({ query: 'go pay' }, failing.context)) as ToolOutput;
    expect(degraded.content).toContain('Search is degraded.');
    expect(degraded.content).toContain('No results.');
    expect(degraded.summary).toBe('web_search general: 0 of 0 results, degraded');
    await cleanup?.();

    const off = await setup(null);
    const output = (await off.tool.execute({ query: 'go pay' }, off.context)) as ToolOutput;
    expect(output).toEqual({
      content: 'Web search unavailable: Web search is off: set TAVILY_API_KEY to turn it on.',
      summary: 'web_search: SEARCH_NOT_CONFIGURED',
    });
  });
});
