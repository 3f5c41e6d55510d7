import type { SearchHit, SearchProvider, SearchRequest } from '../ports/search-provider.js';

/** One scripted answer: hits, an Error to throw (e.g. a `SearchProviderError`), or a function of the request. */
export type FakeSearchAnswer =
  SearchHit[] | Error | ((request: SearchRequest) => SearchHit[] | Error | Promise<SearchHit[] | Error>);

export interface FakeSearchScript {
  /** Answers consumed in call order; then `answer` (default: no results). */
  answers?: FakeSearchAnswer[];
  answer?: FakeSearchAnswer;
  /** Reported as the provider's name (default `fake`). */
  name?: string;
}

/** The fake provider: the port plus what tests inspect and add. */
export interface FakeSearchProvider extends SearchProvider {
  /** Every request received, in order (without its signal). */
  readonly calls: Array<Omit<SearchRequest, 'signal'>>;
  /** Queues more answers. */
  push(...answers: FakeSearchAnswer[]): void;
}

/**
 * An in-process SearchProvider for tests of search, tools and apps built on Parley: plays scripted
 * answers and failures and records every request.
 *
 * @example
 * const provider = createFakeSearchProvider({
 *   answers: [[{ title: 'Go jobs', url: 'https://jobs.example/go', content: 'Senior Go, Berlin', score: 0.8 }]],
 * });
 */
export function createFakeSearchProvider(script: FakeSearchScript = {}): FakeSearchProvider {
  const answers = [...(script.answers ?? [])];
  const calls: Array<Omit<SearchRequest, 'signal'>> = [];
  return {
    name: script.name ?? 'fake',
    calls,
    push: (...more) => void answers.push(...more),
    async search(request) {
      const { signal, ...recorded } = request;
      calls.push(recorded);
      signal?.throwIfAborted();
      const scripted = answers.shift() ?? script.answer ?? [];
      const value = typeof scripted === 'function' ? await scripted(request) : scripted;
      if (value instanceof Error) throw value;
      return value.map((hit) => ({ ...hit }));
    },
  };
}
