import type { ParleyEnv } from './config-schema.js';

/** Typed, frozen configuration every service reads; built once by `loadConfig`. */
export interface ParleyConfig {
  env: ParleyEnv['NODE_ENV'];
  database: {
    url: string;
    client: 'sqlite' | 'postgres';
    filename?: string;
    poolMax: number;
    connectTimeoutMs: number;
  };
  redis: { url: string } | null;
  sessions: { ttlMs: number };
  messages: { maxChars: number };
  auth: { jwtSecret: string; jwtSecretGenerated: boolean; jwtTtlSeconds: number };
  logLevel: ParleyEnv['LOG_LEVEL'];
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
    essentials: ParleyEnv['REQUIREMENTS_ESSENTIALS'];
    salaryBands: ParleyEnv['REQUIREMENTS_SALARY_BANDS'];
    /** How many recent messages the model extractor sees. */
    modelMessages: number;
  };
  /** User memory (R9): the prompt tokens the "user memory" context source may use. */
  memory: { budgetTokens: number };
  /** Retrieval of older messages (R6): on/off, its prompt tokens, and whether vectors are tried. */
  retrieval: { enabled: boolean; budgetTokens: number; embeddings: 'auto' | 'off' };
  /** Web search (R8); `apiKey: null` turns it off. */
  search: {
    apiKey: string | null;
    /** Tavily-compatible endpoint (the stub, a proxy); null for Tavily's own. */
    baseUrl: string | null;
    depth: ParleyEnv['SEARCH_DEPTH'];
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
}
