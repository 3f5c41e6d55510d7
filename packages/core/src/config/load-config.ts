import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ParleyError } from '../errors/parley-error.js';
import { envSchema, type ParleyEnv } from './config-schema.js';
import type { ParleyConfig } from './parley-config.js';
import { parseDuration } from './parse-duration.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit-config.js';

/** Raw key/value input: `process.env`, CLI flags or overrides passed in code. */
export type ConfigSource = Record<string, string | number | undefined>;

/**
 * Validates the environment (plus overrides, which win) and returns a frozen config. A bad value
 * throws `CONFIG_INVALID` naming every offending key and what it expects, so start-up stops early.
 */
export function loadConfig(env: ConfigSource = process.env, overrides: ConfigSource = {}): ParleyConfig {
  const input = { ...withoutBlanks(env), ...withoutBlanks(overrides) };
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ParleyError('CONFIG_INVALID', `Invalid configuration. ${problems.join('; ')}`, {
      keys: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
  }
  return Object.freeze(toConfig(parsed.data, input, embeddingModelBlank(env, overrides)));
}

/**
 * `LLM_EMBEDDING_MODEL` given but empty: no embedding model, so retrieval stays lexical (R6), where
 * any other blank value means the default.
 */
function embeddingModelBlank(env: ConfigSource, overrides: ConfigSource): boolean {
  const given = overrides.LLM_EMBEDDING_MODEL ?? env.LLM_EMBEDDING_MODEL;
  return given !== undefined && String(given).trim() === '';
}

function withoutBlanks(source: ConfigSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && String(value).trim() !== '') out[key] = String(value).trim();
  }
  return out;
}

function toConfig(env: ParleyEnv, raw: Record<string, string>, noEmbeddingModel: boolean): ParleyConfig {
  if (!env.JWT_SECRET && env.NODE_ENV !== 'development') {
    throw new ParleyError(
      'CONFIG_INVALID',
      `Invalid configuration. JWT_SECRET: required when NODE_ENV=${env.NODE_ENV} (at least 32 characters)`,
      {
        keys: ['JWT_SECRET'],
      },
    );
  }
  const llmApiKey = env.LLM_API_KEY ?? env.OPENROUTER_API_KEY ?? null;
  const llmBaseUrl = env.LLM_BASE_URL.replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    database: {
      ...parseDatabaseUrl(env.DATABASE_URL),
      poolMax: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : null,
    sessions: { ttlMs: env.SESSION_TTL_MINUTES * 60_000 },
    messages: { maxChars: env.MESSAGE_MAX_CHARS },
    auth: {
      jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      jwtSecretGenerated: !env.JWT_SECRET,
      jwtTtlSeconds: parseDuration(env.JWT_TTL) / 1000,
      loginMaxFailures: env.LOGIN_MAX_FAILURES,
      loginFailureWindowMs: parseDuration(env.LOGIN_FAILURE_WINDOW),
    },
    logLevel: env.LOG_LEVEL,
    llm: {
      apiKey: llmApiKey,
      baseUrl: llmBaseUrl,
      baseUrlSet: raw.LLM_BASE_URL !== undefined,
      model: env.LLM_MODEL,
      fallbackModels: env.LLM_FALLBACK_MODELS,
      summaryModel: env.LLM_SUMMARY_MODEL ?? env.LLM_MODEL,
      embeddingModel: env.LLM_EMBEDDING_MODEL,
      embedding: {
        baseUrl: env.LLM_EMBEDDING_BASE_URL?.replace(/\/+$/, '') ?? llmBaseUrl,
        baseUrlSet: raw.LLM_EMBEDDING_BASE_URL !== undefined || raw.LLM_BASE_URL !== undefined,
        apiKey: env.LLM_EMBEDDING_API_KEY ?? llmApiKey,
        fallbackModels: env.LLM_EMBEDDING_FALLBACK_MODELS,
      },
      tools: env.LLM_TOOLS,
      mode: env.LLM_MODE,
      contextTokens: env.LLM_CONTEXT_TOKENS,
      outputReserveTokens: env.LLM_OUTPUT_RESERVE_TOKENS,
      retryBudgetMs: env.LLM_RETRY_BUDGET_MS,
      connectTimeoutMs: env.LLM_CONNECT_TIMEOUT_MS,
      firstTokenTimeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS,
      idleTimeoutMs: env.LLM_IDLE_TIMEOUT_MS,
      totalTimeoutMs: env.LLM_TOTAL_TIMEOUT_MS,
      breakerThreshold: env.LLM_BREAKER_THRESHOLD,
      breakerCooldownMs: env.LLM_BREAKER_COOLDOWN_MS,
      appUrl: env.LLM_APP_URL ?? null,
      appTitle: env.LLM_APP_TITLE,
    },
    chat: {
      queueLimit: env.CHAT_QUEUE_LIMIT,
      maxToolRounds: env.CHAT_MAX_TOOL_ROUNDS,
      toolTimeoutMs: env.CHAT_TOOL_TIMEOUT_MS,
      contextSourceTimeoutMs: env.CHAT_CONTEXT_SOURCE_TIMEOUT_MS,
      turnHoldMs: env.CHAT_TURN_HOLD_MS,
      maxTurnsPerUser: env.CHAT_MAX_TURNS_PER_USER,
      maxTurns: env.CHAT_MAX_TURNS,
    },
    jobs: { concurrency: env.JOBS_CONCURRENCY },
    requirements: {
      maxMustHaves: env.REQUIREMENTS_MAX_MUST_HAVES,
      essentials: env.REQUIREMENTS_ESSENTIALS,
      salaryBands: env.REQUIREMENTS_SALARY_BANDS,
      modelMessages: env.REQUIREMENTS_MODEL_MESSAGES,
    },
    memory: { budgetTokens: env.MEMORY_BUDGET_TOKENS },
    retrieval: {
      enabled: env.RETRIEVAL === 'on',
      budgetTokens: env.RETRIEVAL_BUDGET_TOKENS,
      scope: env.RETRIEVAL_SCOPE,
      embeddings: noEmbeddingModel ? 'off' : env.EMBEDDINGS,
    },
    search: {
      apiKey: env.TAVILY_API_KEY ?? null,
      baseUrl: env.TAVILY_BASE_URL?.replace(/\/+$/, '') ?? null,
      depth: env.SEARCH_DEPTH,
      maxResults: env.SEARCH_MAX_RESULTS,
      timeoutMs: env.SEARCH_TIMEOUT_MS,
      cacheTtlMs: parseDuration(env.SEARCH_CACHE_TTL),
      ratePerMinute: env.SEARCH_RATE_PER_MINUTE,
      queueLimit: env.SEARCH_QUEUE_LIMIT,
      maxQueries: env.SEARCH_MAX_QUERIES,
      includeDomains: env.SEARCH_INCLUDE_DOMAINS.map((domain) => domain.toLowerCase()),
      excludeDomains: env.SEARCH_EXCLUDE_DOMAINS.map((domain) => domain.toLowerCase()),
      breakerThreshold: env.SEARCH_BREAKER_THRESHOLD,
      breakerCooldownMs: env.SEARCH_BREAKER_COOLDOWN_MS,
    },
    sockets: {
      perUser: env.SOCKETS_PER_USER,
      perIp: env.SOCKETS_PER_IP,
      chunkCoalesceMs: env.SOCKET_CHUNK_COALESCE_MS === 'off' ? null : env.SOCKET_CHUNK_COALESCE_MS,
    },
    ops: { token: env.OPS_TOKEN ?? null, port: env.OPS_PORT ?? null },
    trustProxy: env.TRUST_PROXY,
    shutdown: { graceMs: env.SHUTDOWN_GRACE_MS, deadlineMs: env.SHUTDOWN_DEADLINE_MS },
    cors: { origins: env.CORS_ORIGINS },
    rateLimits: {
      httpPerIp: env.RATE_LIMIT_HTTP_PER_IP ?? DEFAULT_RATE_LIMITS.httpPerIp,
      httpPerUser: env.RATE_LIMIT_HTTP_PER_USER ?? DEFAULT_RATE_LIMITS.httpPerUser,
      authPerIp: env.RATE_LIMIT_AUTH_PER_IP ?? DEFAULT_RATE_LIMITS.authPerIp,
      socketPerIp: env.RATE_LIMIT_SOCKET_PER_IP ?? DEFAULT_RATE_LIMITS.socketPerIp,
      socketPerUser: env.RATE_LIMIT_SOCKET_PER_USER ?? DEFAULT_RATE_LIMITS.socketPerUser,
      opsPerIp: env.RATE_LIMIT_OPS_PER_IP ?? DEFAULT_RATE_LIMITS.opsPerIp,
    },
  };
}

/** `postgres://…` / `postgresql://…`, `sqlite:PATH`, or a plain file path (SQLite). */
function parseDatabaseUrl(url: string): Pick<ParleyConfig['database'], 'url' | 'client' | 'filename'> {
  if (/^postgres(ql)?:\/\//.test(url)) return { url, client: 'postgres' };
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url;
  if (path === '') {
    throw new ParleyError(
      'CONFIG_INVALID',
      'Invalid configuration. DATABASE_URL: expected postgres://…, sqlite:PATH or a file path',
      {
        keys: ['DATABASE_URL'],
      },
    );
  }
  const filename = path === ':memory:' ? path : resolve(path);
  return { url, client: 'sqlite', filename };
}
