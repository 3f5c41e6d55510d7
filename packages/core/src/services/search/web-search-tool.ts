import { z } from 'zod';
import type { SearchCriteria } from '../../domain/search-criteria.js';
import { SEARCH_INTENTS, type SearchRun } from '../../domain/search.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import type { Tool, ToolOutput } from '../../ports/tool.js';
import type { SearchService } from './search-service.js';

const parameters = z.object({
  intent: z
    .enum(SEARCH_INTENTS)
    .optional()
    .describe(
      'market: pay and demand; postings: comparable job posts; candidates: public profiles, portfolios, communities; general: the query as written',
    ),
  query: z
    .string()
    .trim()
    .min(1)
    .max(400)
    .optional()
    .describe('Words to search for; leave out to search from the role being defined'),
});

/** The arguments the model passes to `web_search`. */
export type WebSearchArgs = z.infer<typeof parameters>;

export interface WebSearchToolOptions {
  search: SearchService;
  /** The role's criteria for the session, from its requirement profile. */
  criteriaFor(userId: string, sessionId: string): Promise<SearchCriteria> | SearchCriteria;
  tokens: TokenCounter;
  /** Most tokens the results may take in the model's context (default 1,500). */
  maxTokens?: number;
}

const SNIPPET_CHARS = 400;

/**
 * The `web_search` tool (R8.5, R14.1): the model searches the web for the role; results come back
 * ranked, with URLs to cite, trimmed to a token budget. Search being off, busy or degraded is told
 * to the model as text, so a turn never fails because of search.
 */
export function createWebSearchTool(options: WebSearchToolOptions): Tool<WebSearchArgs> {
  const budget = options.maxTokens ?? 1_500;
  return {
    name: 'web_search',
    description:
      'Search the web for the role being defined: market pay and demand, comparable job postings, or candidate sources. Returns ranked results with URLs; cite the URLs you use.',
    parameters,
    async execute(args, context): Promise<ToolOutput> {
      try {
        const criteria = await options.criteriaFor(context.userId, context.sessionId);
        const run = await options.search.search(context.userId, context.sessionId, {
          ...args,
          criteria,
          signal: context.signal,
        });
        return toOutput(run, budget, options.tokens);
      } catch (error) {
        if (ParleyError.is(error, 'CANCELLED') || !ParleyError.is(error)) throw error;
        return { content: `Web search unavailable: ${error.message}`, summary: `web_search: ${error.code}` };
      }
    },
  };
}

function toOutput(run: SearchRun, budget: number, tokens: TokenCounter): ToolOutput {
  const notes = [
    run.stale ? 'Some results are from an older cache.' : '',
    run.degraded ? 'Search is degraded.' : '',
    run.reason ? `(${run.reason})` : '',
  ].filter(Boolean);
  const header = [`Search ${run.id} (${run.intent}): ${run.queries.join(' | ')}`, ...notes].join('\n');
  const lines: string[] = [header];
  let used = tokens.count(header);
  let shown = 0;
  for (const [index, result] of run.results.entries()) {
    const snippet = result.content.replace(/\s+/g, ' ').slice(0, SNIPPET_CHARS);
    const matched = result.reasons.matched.length ? ` matched: ${result.reasons.matched.join(', ')};` : '';
    const missing = result.reasons.missing.length ? ` missing: ${result.reasons.missing.join(', ')};` : '';
    const block = `${index + 1}. ${result.title}\n${result.url}\nscore ${result.score};${matched}${missing}${result.reasons.stale ? ' stale;' : ''}\n${snippet}`;
    const cost = tokens.count(block);
    if (used + cost > budget) break;
    lines.push(block);
    used += cost;
    shown += 1;
  }
  if (run.results.length === 0) lines.push('No results.');
  const state = run.degraded ? ', degraded' : run.stale ? ', stale' : run.fromCache ? ', cached' : '';
  return {
    content: lines.join('\n\n'),
    summary: `web_search ${run.intent}: ${shown} of ${run.results.length} results${state}`,
  };
}
