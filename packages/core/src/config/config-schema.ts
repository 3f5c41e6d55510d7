import { z } from 'zod';
import { ESSENTIALS } from '../domain/requirements/clarifying-question.js';
import { SENIORITY_LEVELS, type SalaryBand } from '../domain/requirements/requirement-values.js';
import { corsOriginsSchema } from './cors-origins.js';
import { rateLimitSchema } from './rate-limit-config.js';
import { trustProxySchema } from './trust-proxy.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const duration = z.string().regex(/^\d+[smhd]$/, 'expected a duration such as 15m, 12h or 7d');
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

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
    if (!m || !level || !SENIORITY_LEVELS.includes(level) || Number(m[2]) > Number(m[3])) {
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
 * Every environment key Parley reads, with its default. docs/configuration.md is checked against
 * this object by a test, so a key cannot be added without being documented.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().min(1).default('sqlite:./.parley/parley.db'),
  DATABASE_POOL_MAX: int(1, 100).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 60_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(10_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected redis://host:port or rediss://…' }).optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('parley:'),
  SESSION_TTL_MINUTES: int(1, 60 * 24 * 365).default(30),
  MESSAGE_MAX_CHARS: int(1, 1_000_000).default(16_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL: duration.default('12h'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LLM_API_KEY: z.string().min(1).optional(),
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  LLM_BASE_URL: z.url().default('https://openrouter.ai/api/v1'),
  LLM_MODEL: z.string().min(1).default('openai/gpt-4o-mini'),
  LLM_FALLBACK_MODELS: list.default([]),
  LLM_SUMMARY_MODEL: z.string().min(1).optional(),
  LLM_EMBEDDING_MODEL: z.string().min(1).default('openai/text-embedding-3-small'),
  LLM_EMBEDDING_BASE_URL: z.url().optional(),
  LLM_EMBEDDING_API_KEY: z.string().min(1).optional(),
  LLM_EMBEDDING_FALLBACK_MODELS: list.default([]),
  LLM_TOOLS: z.enum(['auto', 'off']).default('auto'),
  LLM_MODE: z.enum(['auto', 'offline']).default('auto'),
  LLM_CONTEXT_TOKENS: int(512, 2_000_000).default(16_000),
  LLM_OUTPUT_RESERVE_TOKENS: int(64, 200_000).default(1_024),
  LLM_RETRY_BUDGET_MS: int(0, 600_000).default(10_000),
  LLM_CONNECT_TIMEOUT_MS: int(100, 600_000).default(10_000),
  LLM_FIRST_TOKEN_TIMEOUT_MS: int(100, 600_000).default(30_000),
  LLM_IDLE_TIMEOUT_MS: int(100, 600_000).default(30_000),
  LLM_TOTAL_TIMEOUT_MS: int(100, 3_600_000).default(180_000),
  LLM_BREAKER_THRESHOLD: int(1, 1_000).default(5),
  LLM_BREAKER_COOLDOWN_MS: int(100, 3_600_000).default(30_000),
  LLM_APP_URL: z.url().optional(),
  LLM_APP_TITLE: z.string().min(1).default('Parley'),
  CHAT_QUEUE_LIMIT: int(0, 100).default(5),
  CHAT_MAX_TOOL_ROUNDS: int(0, 20).default(3),
  CHAT_TOOL_TIMEOUT_MS: int(100, 600_000).default(30_000),
  CHAT_CONTEXT_SOURCE_TIMEOUT_MS: int(10, 60_000).default(2_000),
  CHAT_TURN_HOLD_MS: int(1_000, 3_600_000).default(60_000),
  CHAT_MAX_TURNS_PER_USER: int(1, 10_000).default(10),
  CHAT_MAX_TURNS: int(1, 1_000_000).default(1_000),
  JOBS_CONCURRENCY: int(1, 256).default(4),
  REQUIREMENTS_MAX_MUST_HAVES: int(1, 100).default(12),
  REQUIREMENTS_ESSENTIALS: list
    .pipe(z.array(z.enum(ESSENTIALS)))
    .default(['title', 'seniority_or_years', 'must_have_skills', 'location_or_remote', 'employment_type']),
  REQUIREMENTS_SALARY_BANDS: salaryBands.default([]),
  REQUIREMENTS_MODEL_MESSAGES: int(1, 50).default(6),
  MEMORY_BUDGET_TOKENS: int(0, 100_000).default(300),
  RETRIEVAL: z.enum(['on', 'off']).default('on'),
  RETRIEVAL_BUDGET_TOKENS: int(0, 1_000_000).default(1_000),
  RETRIEVAL_SCOPE: z.enum(['session', 'user']).default('session'),
  EMBEDDINGS: z.enum(['auto', 'off']).default('auto'),
  TAVILY_API_KEY: z.string().min(1).optional(),
  TAVILY_BASE_URL: z.url().optional(),
  SEARCH_DEPTH: z.enum(['basic', 'advanced']).default('basic'),
  SEARCH_MAX_RESULTS: int(1, 20).default(5),
  SEARCH_TIMEOUT_MS: int(100, 120_000).default(10_000),
  SEARCH_CACHE_TTL: duration.default('24h'),
  SEARCH_RATE_PER_MINUTE: int(1, 10_000).default(90),
  SEARCH_QUEUE_LIMIT: int(0, 1_000).default(20),
  SEARCH_MAX_QUERIES: int(1, 10).default(3),
  SEARCH_INCLUDE_DOMAINS: list.default([]),
  SEARCH_EXCLUDE_DOMAINS: list.default([]),
  SEARCH_BREAKER_THRESHOLD: int(1, 1_000).default(5),
  SEARCH_BREAKER_COOLDOWN_MS: int(100, 3_600_000).default(60_000),
  SOCKETS_PER_USER: int(1, 100_000).default(20),
  SOCKETS_PER_IP: int(1, 1_000_000).default(200),
  SOCKET_CHUNK_COALESCE_MS: z.union([z.literal('off'), int(0, 1_000)]).default(0),
  OPS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  OPS_PORT: int(0, 65_535).optional(),
  TRUST_PROXY: trustProxySchema.default(false),
  CORS_ORIGINS: corsOriginsSchema.default([]),
  RATE_LIMIT_HTTP_PER_IP: rateLimitSchema.optional(),
  RATE_LIMIT_HTTP_PER_USER: rateLimitSchema.optional(),
  RATE_LIMIT_AUTH_PER_IP: rateLimitSchema.optional(),
  RATE_LIMIT_SOCKET_PER_IP: rateLimitSchema.optional(),
  RATE_LIMIT_SOCKET_PER_USER: rateLimitSchema.optional(),
  RATE_LIMIT_OPS_PER_IP: rateLimitSchema.optional(),
  LOGIN_MAX_FAILURES: int(1, 1_000).default(10),
  LOGIN_FAILURE_WINDOW: duration.default('15m'),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  SHUTDOWN_DEADLINE_MS: int(100, 3_600_000).default(25_000),
});

export type ParleyEnv = z.infer<typeof envSchema>;
