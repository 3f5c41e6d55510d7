import { z } from 'zod';
import { ESSENTIALS } from '../domain/requirements/clarifying-question.js';
import { salaryBandSchema } from '../domain/requirements/requirement-values.js';
import { corsOriginsSchema } from './cors-origins.js';
import { rateLimitSchema } from './rate-limit-config.js';
import { trustProxySchema } from './trust-proxy.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const duration = z.string().regex(/^\d+[smhd]$/, 'expected a duration such as 15m, 12h or 7d');
const names = z.array(z.string().trim().min(1));
const domains = names.transform((list) => list.map((domain) => domain.toLowerCase()));
const salaryBands = z.array(
  salaryBandSchema.refine((band) => band.min <= band.max, 'expected min at most max'),
);
/**
 * One section of the config, filled with its defaults when absent (every field has a default or is
 * optional). Unknown keys are refused, so a typo fails instead of being ignored.
 */
function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const schema = z.strictObject(shape);
  return schema.prefault({} as z.input<typeof schema>);
}

/**
 * Everything Parley can be configured with, by section, with its defaults. Code passes a deep-partial
 * of it (`createParley({ config })`); the environment fills the same schema through `ENV_KEYS`, so
 * both are validated alike and a bad value fails with `CONFIG_INVALID` naming where it came from.
 */
export const configSchema = z.strictObject({
  env: z.enum(['development', 'test', 'production']).default('development'),
  database: section({
    url: z.string().trim().min(1).default('sqlite:./.parley/parley.db'),
    poolMax: int(1, 100).default(10),
    connectTimeoutMs: int(100, 60_000).default(5_000),
    queueTimeoutMs: int(100, 600_000).default(60_000),
    statementTimeoutMs: int(100, 600_000).default(10_000),
    preparedStatements: z.boolean().default(true),
  }),
  redis: section({
    url: z.url({ protocol: /^rediss?$/, error: 'expected redis://host:port or rediss://…' }).optional(),
    /** Names the event bus's, turn queue's and Socket.IO adapter's keys and channels. */
    keyPrefix: z.string().min(1).max(100).default('parley:'),
  }),
  sessions: section({ ttlMinutes: int(1, 60 * 24 * 365).default(30) }),
  messages: section({ maxChars: int(1, 1_000_000).default(16_000) }),
  auth: section({
    jwtSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    jwtTtl: duration.default('12h'),
    loginMaxFailures: int(1, 1_000).default(10),
    loginFailureWindow: duration.default('15m'),
  }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  llm: section({
    apiKey: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    model: z.string().min(1).default('openai/gpt-4o-mini'),
    fallbackModels: names.default([]),
    summaryModel: z.string().min(1).optional(),
    /** null (or `LLM_EMBEDDING_MODEL` set but empty): no embedding model, so retrieval stays lexical (R6). */
    embeddingModel: z.string().min(1).nullable().default('openai/text-embedding-3-small'),
    embedding: section({
      baseUrl: z.url().optional(),
      apiKey: z.string().min(1).optional(),
      fallbackModels: names.default([]),
    }),
    tools: z.enum(['auto', 'off']).default('auto'),
    mode: z.enum(['auto', 'offline']).default('auto'),
    contextTokens: int(512, 2_000_000).default(16_000),
    outputReserveTokens: int(64, 200_000).default(1_024),
    retryBudgetMs: int(0, 600_000).default(10_000),
    connectTimeoutMs: int(100, 600_000).default(10_000),
    firstTokenTimeoutMs: int(100, 600_000).default(30_000),
    idleTimeoutMs: int(100, 600_000).default(30_000),
    totalTimeoutMs: int(100, 3_600_000).default(180_000),
    breakerThreshold: int(1, 1_000).default(5),
    breakerCooldownMs: int(100, 3_600_000).default(30_000),
    appUrl: z.url().optional(),
    appTitle: z.string().min(1).default('Parley'),
  }),
  chat: section({
    queueLimit: int(0, 100).default(5),
    maxToolRounds: int(0, 20).default(3),
    toolTimeoutMs: int(100, 600_000).default(30_000),
    contextSourceTimeoutMs: int(10, 60_000).default(2_000),
    turnHoldMs: int(1_000, 3_600_000).default(60_000),
    maxTurnsPerUser: int(1, 10_000).default(10),
    maxTurns: int(1, 1_000_000).default(1_000),
  }),
  jobs: section({ concurrency: int(1, 256).default(4) }),
  requirements: section({
    maxMustHaves: int(1, 100).default(12),
    essentials: z
      .array(z.enum(ESSENTIALS))
      .default(['title', 'seniority_or_years', 'must_have_skills', 'location_or_remote', 'employment_type']),
    salaryBands: salaryBands.default([]),
    modelMessages: int(1, 50).default(6),
  }),
  memory: section({ budgetTokens: int(0, 100_000).default(300) }),
  retrieval: section({
    enabled: z.boolean().default(true),
    budgetTokens: int(0, 1_000_000).default(1_000),
    /** Whether the retrieved source searches the session only or all of the user's sessions. */
    scope: z.enum(['session', 'user']).default('session'),
    embeddings: z.enum(['auto', 'off']).default('auto'),
    /** How long the embedding job waits to join other answers' messages into one request. */
    embeddingsBatchMs: int(0, 1_000).default(10),
    /** How long a turn's search waits for its vector half before it uses the lexical hits alone. */
    vectorWaitMs: int(0, 60_000).default(1_000),
  }),
  search: section({
    apiKey: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    depth: z.enum(['basic', 'advanced']).default('basic'),
    maxResults: int(1, 20).default(5),
    timeoutMs: int(100, 120_000).default(10_000),
    cacheTtl: duration.default('24h'),
    ratePerMinute: int(1, 10_000).default(90),
    queueLimit: int(0, 1_000).default(20),
    maxQueries: int(1, 10).default(3),
    includeDomains: domains.default([]),
    excludeDomains: domains.default([]),
    breakerThreshold: int(1, 1_000).default(5),
    breakerCooldownMs: int(100, 3_600_000).default(60_000),
  }),
  sockets: section({
    perUser: int(1, 100_000).default(20),
    perIp: int(1, 1_000_000).default(200),
    /** A turn's chunks arriving within this many ms go to a room as one event; `off`: one per chunk. */
    chunkCoalesceMs: z.union([z.literal('off'), int(0, 1_000)]).default(0),
  }),
  ops: section({
    token: z.string().min(16, 'must be at least 16 characters').optional(),
    port: int(0, 65_535).optional(),
  }),
  trustProxy: trustProxySchema.default(false),
  shutdown: section({
    graceMs: int(0, 600_000).default(10_000),
    deadlineMs: int(100, 3_600_000).default(25_000),
  }),
  cors: section({ origins: corsOriginsSchema.default([]) }),
  rateLimits: section({
    httpPerIp: rateLimitSchema.optional(),
    httpPerUser: rateLimitSchema.optional(),
    authPerIp: rateLimitSchema.optional(),
    socketPerIp: rateLimitSchema.optional(),
    socketPerUser: rateLimitSchema.optional(),
    opsPerIp: rateLimitSchema.optional(),
  }),
});

/**
 * Configuration in code, typed: any part of `configSchema`, e.g.
 * `{ database: { url }, llm: { model, fallbackModels }, sessions: { ttlMinutes } }`. It wins over the environment.
 */
export type ParleyConfigInput = z.input<typeof configSchema>;

/** The validated sections with every default applied, before `loadConfig` derives the runtime config. */
export type ConfigValues = z.output<typeof configSchema>;
