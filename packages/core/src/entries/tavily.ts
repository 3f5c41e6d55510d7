/** `@parley/core/tavily`: the web search provider for Tavily and Tavily-compatible endpoints. */
export {
  createTavilySearchProvider,
  type TavilySearchProviderOptions,
} from '../adapters/search/tavily-search-provider.js';
