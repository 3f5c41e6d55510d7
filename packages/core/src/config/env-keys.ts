import { z } from 'zod';
import { SENIORITY_LEVELS, type SalaryBand } from '../domain/requirements/requirement-values.js';
import { configSchema } from './config-schema.js';
import { rateLimitText } from './rate-limit-config.js';
import { trustProxyText } from './trust-proxy.js';

const text = z.string();
const number = z.string().transform(Number);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);
const onOff = z.enum(['on', 'off']).transform((value) => value === 'on');
const msOrOff = z.string().transform((s) => (s === 'off' ? s : Number(s)));

const BAND = /^([a-z]+):(\d+)-(\d+):([A-Z]{3})$/;
/** `senior:60000-110000:EUR,junior:30000-55000:EUR` → yearly bands per seniority. */
const salaryBands = z.string().transform((s, ctx): SalaryBand[] => {
  const bands: SalaryBand[] = [];
  for (const part of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = BAND.exec(part);
    const level = m?.[1] as SalaryBand['seniority'] | undefined;
    if (!m || !level || !SENIORITY_LEVELS.includes(level)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected level:min-max:CUR entries such as senior:60000-110000:EUR, got "${part}"`,
      });
      return z.NEVER;
    }
    bands.push({ seniority: level, min: Number(m[2]), max: Number(m[3]), currency: m[4]! });
  }
  return bands;
});

/**
 * Every environment key Parley reads: where it lands in `configSchema` and how its text is read.
 * When two keys fill one place, the first one set wins (`LLM_API_KEY` before `OPENROUTER_API_KEY`).
 * docs/configuration.md is checked against this table by a test.
 */
export const ENV_KEYS = {
  NODE_ENV: ['env', text],
  DATABASE_URL: ['database.url', text],
  DATABASE_POOL_MAX: ['database.poolMax', number],
  DATABASE_CONNECT_TIMEOUT_MS: ['database.connectTimeoutMs', number],
  DATABASE_QUEUE_TIMEOUT_MS: ['database.queueTimeoutMs', number],
  DATABASE_STATEMENT_TIMEOUT_MS: ['database.statementTimeoutMs', number],
  DATABASE_PREPARED_STATEMENTS: ['database.preparedStatements', onOff],
  REDIS_URL: ['redis.url', text],
  REDIS_KEY_PREFIX: ['redis.keyPrefix', text],
  SESSION_TTL_MINUTES: ['sessions.ttlMinutes', number],
  MESSAGE_MAX_CHARS: ['messages.maxChars', number],
  JWT_SECRET: ['auth.jwtSecret', text],
  JWT_TTL: ['auth.jwtTtl', text],
  LOG_LEVEL: ['logLevel', text],
  LLM_API_KEY: ['llm.apiKey', text],
  OPENROUTER_API_KEY: ['llm.apiKey', text],
  LLM_BASE_URL: ['llm.baseUrl', text],
  LLM_MODEL: ['llm.model', text],
  LLM_FALLBACK_MODELS: ['llm.fallbackModels', list],
  LLM_SUMMARY_MODEL: ['llm.summaryModel', text],
  LLM_EMBEDDING_MODEL: ['llm.embeddingModel', text],
  LLM_EMBEDDING_BASE_URL: ['llm.embedding.baseUrl', text],
  LLM_EMBEDDING_API_KEY: ['llm.embedding.apiKey', text],
  LLM_EMBEDDING_FALLBACK_MODELS: ['llm.embedding.fallbackModels', list],
  LLM_TOOLS: ['llm.tools', text],
  LLM_MODE: ['llm.mode', text],
  LLM_CONTEXT_TOKENS: ['llm.contextTokens', number],
  LLM_OUTPUT_RESERVE_TOKENS: ['llm.outputReserveTokens', number],
  LLM_RETRY_BUDGET_MS: ['llm.retryBudgetMs', number],
  LLM_CONNECT_TIMEOUT_MS: ['llm.connectTimeoutMs', number],
  LLM_FIRST_TOKEN_TIMEOUT_MS: ['llm.firstTokenTimeoutMs', number],
  LLM_IDLE_TIMEOUT_MS: ['llm.idleTimeoutMs', number],
  LLM_TOTAL_TIMEOUT_MS: ['llm.totalTimeoutMs', number],
  LLM_BREAKER_THRESHOLD: ['llm.breakerThreshold', number],
  LLM_BREAKER_COOLDOWN_MS: ['llm.breakerCooldownMs', number],
  LLM_APP_URL: ['llm.appUrl', text],
  LLM_APP_TITLE: ['llm.appTitle', text],
  CHAT_QUEUE_LIMIT: ['chat.queueLimit', number],
  CHAT_MAX_TOOL_ROUNDS: ['chat.maxToolRounds', number],
  CHAT_TOOL_TIMEOUT_MS: ['chat.toolTimeoutMs', number],
  CHAT_CONTEXT_SOURCE_TIMEOUT_MS: ['chat.contextSourceTimeoutMs', number],
  CHAT_TURN_HOLD_MS: ['chat.turnHoldMs', number],
  CHAT_MAX_TURNS_PER_USER: ['chat.maxTurnsPerUser', number],
  CHAT_MAX_TURNS: ['chat.maxTurns', number],
  JOBS_CONCURRENCY: ['jobs.concurrency', number],
  REQUIREMENTS_MAX_MUST_HAVES: ['requirements.maxMustHaves', number],
  REQUIREMENTS_ESSENTIALS: ['requirements.essentials', list],
  REQUIREMENTS_SALARY_BANDS: ['requirements.salaryBands', salaryBands],
  REQUIREMENTS_MODEL_MESSAGES: ['requirements.modelMessages', number],
  MEMORY_BUDGET_TOKENS: ['memory.budgetTokens', number],
  RETRIEVAL: ['retrieval.enabled', onOff],
  RETRIEVAL_BUDGET_TOKENS: ['retrieval.budgetTokens', number],
  RETRIEVAL_SCOPE: ['retrieval.scope', text],
  EMBEDDINGS: ['retrieval.embeddings', text],
  EMBEDDINGS_BATCH_MS: ['retrieval.embeddingsBatchMs', number],
  RETRIEVAL_VECTOR_WAIT_MS: ['retrieval.vectorWaitMs', number],
  TAVILY_API_KEY: ['search.apiKey', text],
  TAVILY_BASE_URL: ['search.baseUrl', text],
  SEARCH_DEPTH: ['search.depth', text],
  SEARCH_MAX_RESULTS: ['search.maxResults', number],
  SEARCH_TIMEOUT_MS: ['search.timeoutMs', number],
  SEARCH_CACHE_TTL: ['search.cacheTtl', text],
  SEARCH_RATE_PER_MINUTE: ['search.ratePerMinute', number],
  SEARCH_QUEUE_LIMIT: ['search.queueLimit', number],
  SEARCH_MAX_QUERIES: ['search.maxQueries', number],
  SEARCH_INCLUDE_DOMAINS: ['search.includeDomains', list],
  SEARCH_EXCLUDE_DOMAINS: ['search.excludeDomains', list],
  SEARCH_BREAKER_THRESHOLD: ['search.breakerThreshold', number],
  SEARCH_BREAKER_COOLDOWN_MS: ['search.breakerCooldownMs', number],
  SOCKETS_PER_USER: ['sockets.perUser', number],
  SOCKETS_PER_IP: ['sockets.perIp', number],
  SOCKET_CHUNK_COALESCE_MS: ['sockets.chunkCoalesceMs', msOrOff],
  OPS_TOKEN: ['ops.token', text],
  OPS_PORT: ['ops.port', number],
  TRUST_PROXY: ['trustProxy', trustProxyText],
  CORS_ORIGINS: ['cors.origins', list],
  RATE_LIMIT_HTTP_PER_IP: ['rateLimits.httpPerIp', rateLimitText],
  RATE_LIMIT_HTTP_PER_USER: ['rateLimits.httpPerUser', rateLimitText],
  RATE_LIMIT_AUTH_PER_IP: ['rateLimits.authPerIp', rateLimitText],
  RATE_LIMIT_SOCKET_PER_IP: ['rateLimits.socketPerIp', rateLimitText],
  RATE_LIMIT_SOCKET_PER_USER: ['rateLimits.socketPerUser', rateLimitText],
  RATE_LIMIT_OPS_PER_IP: ['rateLimits.opsPerIp', rateLimitText],
  LOGIN_MAX_FAILURES: ['auth.loginMaxFailures', number],
  LOGIN_FAILURE_WINDOW: ['auth.loginFailureWindow', text],
  SHUTDOWN_GRACE_MS: ['shutdown.graceMs', number],
  SHUTDOWN_DEADLINE_MS: ['shutdown.deadlineMs', number],
} as const satisfies Record<string, readonly [string, z.ZodType<unknown, string>]>;

/** An environment key Parley reads. */
export type EnvKey = keyof typeof ENV_KEYS;

/**
 * The environment as a schema: each key's text read (numbers, comma lists …) and then checked by
 * the field of `configSchema` it fills, so an environment value fails under its own name.
 */
export const envSchema = z.object(envFields());

function envFields(): Record<EnvKey, z.ZodOptional<z.ZodType>> {
  const fields: Partial<Record<EnvKey, z.ZodOptional<z.ZodType>>> = {};
  for (const [key, [path, read]] of Object.entries(ENV_KEYS)) {
    fields[key as EnvKey] = (read as z.ZodType<unknown, string>).pipe(fieldAt(path)).optional();
  }
  return fields as Record<EnvKey, z.ZodOptional<z.ZodType>>;
}

/** The field of `configSchema` at a dotted path, without its default (the environment may leave it unset). */
function fieldAt(path: string): z.ZodType {
  let schema: z.ZodType = configSchema;
  for (const key of path.split('.')) schema = (unwrap(schema) as z.ZodObject).shape[key] as z.ZodType;
  return unwrap(schema);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
}
