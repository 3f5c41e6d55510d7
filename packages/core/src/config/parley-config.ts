import type { ConfigValues } from './config-schema.js';
import type { RateLimitSettings } from './rate-limit-config.js';
import type { TrustProxy } from './trust-proxy.js';

/** Typed, frozen configuration every service reads; built once by `loadConfig` from env and code. */
export interface ParleyConfig {
  env: ConfigValues['env'];
  database: {
    url: string;
    client: 'sqlite' | 'postgres';
    filename?: string;
    poolMax: number;
    /** PostgreSQL: longest wait for a new connection. */
    connectTimeoutMs: number;
    /** Longest wait for a busy pool (PostgreSQL's connections, SQLite's writer): load, not an outage. */
    queueTimeoutMs: number;
    /** PostgreSQL: longest statement, enforced by the server and by the client. */
    statementTimeoutMs: number;
    /** PostgreSQL: the hot statements as named prepared statements (off for a pooler that drops them). */
    preparedStatements: boolean;
  };
  /** `keyPrefix` names the event bus's, turn queue's and Socket.IO adapter's keys and channels. */
  redis: { url: string; keyPrefix: string } | null;
  sessions: { ttlMs: number };
  messages: { maxChars: number };
  auth: {
    jwtSecret: string;
    jwtSecretGenerated: boolean;
    jwtTtlSeconds: number;
    /** Wrong passwords per account within `loginFailureWindowMs` before it answers `RATE_LIMITED`. */
    loginMaxFailures: number;
    loginFailureWindowMs: number;
  };
  logLevel: ConfigValues['logLevel'];
  llm: {
    apiKey: string | null;
    baseUrl: string;
    baseUrlSet: boolean;
    model: string;
    fallbackModels: string[];
    summaryModel: string;
    embeddingModel: string;
    /** Where embeddings are asked for: its own endpoint, or the chat endpoint's URL and key. */
    embedding: { baseUrl: string; baseUrlSet: boolean; apiKey: string | null; fallbackModels: string[] };
    /** `off` never sends tools; `auto` sends them and drops them for a model that refuses them. */
    tools: 'auto' | 'off';
    /** `offline` answers with the offline intake model (`parley-offline`) instead of an endpoint. */
    mode: 'auto' | 'offline';
    contextTokens: number;
    outputReserveTokens: number;
    retryBudgetMs: number;
    connectTimeoutMs: number;
    firstTokenTimeoutMs: number;
    idleTimeoutMs: number;
    totalTimeoutMs: number;
    breakerThreshold: number;
    breakerCooldownMs: number;
    appUrl: string | null;
    appTitle: string;
  };
  chat: {
    queueLimit: number;
    maxToolRounds: number;
    toolTimeoutMs: number;
    contextSourceTimeoutMs: number;
    turnHoldMs: number;
    maxTurnsPerUser: number;
    maxTurns: number;
  };
  jobs: { concurrency: number };
  /** Requirement extraction (issue 10): conflict limits, essentials, pay bands, model context. */
  requirements: {
    maxMustHaves: number;
    essentials: ConfigValues['requirements']['essentials'];
    salaryBands: ConfigValues['requirements']['salaryBands'];
    /** How many recent messages the model extractor sees. */
    modelMessages: number;
  };
  /** User memory (R9): the prompt tokens the "user memory" context source may use. */
  memory: { budgetTokens: number };
  /** Retrieval of older messages (R6): on/off, its prompt tokens, and whether vectors are tried. */
  retrieval: {
    enabled: boolean;
    budgetTokens: number;
    /** Whether the retrieved source searches the session only or all of the user's sessions. */
    scope: ConfigValues['retrieval']['scope'];
    embeddings: 'auto' | 'off';
    /** How long the embedding job waits to join other answers' messages into one request (0: never). */
    embeddingsBatchMs: number;
    /**
     * How long a turn's search waits for its vector half (the user message's embedding, then the
     * vector search) once it starts; past it, the lexical hits are used alone.
     */
    vectorWaitMs: number;
  };
  /** Web search (R8); `apiKey: null` turns it off. */
  search: {
    apiKey: string | null;
    /** Tavily-compatible endpoint (the stub, a proxy); null for Tavily's own. */
    baseUrl: string | null;
    depth: ConfigValues['search']['depth'];
    maxResults: number;
    timeoutMs: number;
    cacheTtlMs: number;
    ratePerMinute: number;
    queueLimit: number;
    maxQueries: number;
    includeDomains: string[];
    excludeDomains: string[];
    breakerThreshold: number;
    breakerCooldownMs: number;
  };
  /** Open sockets allowed at once per user and per client IP (per server process). */
  /**
   * `chunkCoalesceMs`: a turn's chunks arriving within this many ms go to a room as one event (0:
   * within one event-loop turn; null: one event per chunk).
   */
  sockets: { perUser: number; perIp: number; chunkCoalesceMs: number | null };
  /** Who may read metrics and readiness details: bearer `token`, and/or only on a separate `port`. */
  ops: { token: string | null; port: number | null };
  /** Browser origins allowed by CORS, for cookie-authenticated changes and socket handshakes. */
  cors: { origins: string[] };
  /** The surfaces' rate limits: the defaults with any `RATE_LIMIT_*` applied. */
  rateLimits: RateLimitSettings;
  /** Which proxies are believed about the client address (Express `trust proxy`, socket IPs). */
  trustProxy: TrustProxy;
  /**
   * SIGTERM: how long running answers may finish (`graceMs`) before they are stopped, and when the
   * process exits whatever still hangs (`deadlineMs`), both counted from the signal.
   */
  shutdown: { graceMs: number; deadlineMs: number };
}
