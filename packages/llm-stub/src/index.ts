export {
  DEFAULT_EMBEDDING_DIMENSIONS,
  startLlmStub,
  type LlmStub,
  type LlmStubOptions,
} from './start-llm-stub.js';
export type { ChatRequestBody, RecordedRequest, Reply, ReplySpec, StubToolCall } from './reply.js';
export { hashedEmbedding } from './hashed-embedding.js';
export { runCli } from './run-cli.js';
export {
  defaultSearchResults,
  type SearchReply,
  type SearchReplySpec,
  type SearchRequestBody,
  type StubSearchResult,
} from './tavily-search.js';
