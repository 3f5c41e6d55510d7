import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ParleyError } from '../errors/parley-error.js';
import { configSchema, type ConfigValues, type ParleyConfigInput } from './config-schema.js';
import { ENV_KEYS, envSchema, type EnvKey } from './env-keys.js';
import type { ParleyConfig } from './parley-config.js';
import { parseDuration } from './parse-duration.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit-config.js';

/** Raw key/value input in the environment's form: `process.env`, or the CLI's flags over it. */
export type ConfigSource = Record<string, string | number | undefined>;

/**
 * Builds the frozen config from the environment and typed configuration in code; code wins, key by
 * key (docs/configuration.md). A bad value throws `CONFIG_INVALID` naming every offending key — the
 * environment variable (`SESSION_TTL_MINUTES`) or the path in code (`sessions.ttlMinutes`) — so
 * start-up stops early.
 */
export function loadConfig(env: ConfigSource = process.env, input: ParleyConfigInput = {}): ParleyConfig {
  const merged = mergeInput(fromEnv(env), input);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success)
    throw invalid(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
  return Object.freeze(toConfig(parsed.data, merged));
}

/** The environment's values placed where they belong in `configSchema`, each checked under its own name. */
function fromEnv(env: ConfigSource): ParleyConfigInput {
  const parsed = envSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  }
  const values: Record<string, unknown> = {};
  // Set but empty: no embedding model (lexical retrieval only), where other blank keys mean the default.
  if (env.LLM_EMBEDDING_MODEL !== undefined && String(env.LLM_EMBEDDING_MODEL).trim() === '') {
    writePath(values, 'llm.embeddingModel', null);
  }
  for (const [key, [path]] of Object.entries(ENV_KEYS)) {
    const value = parsed.data[key as EnvKey];
    if (value !== undefined && readPath(values, path) === undefined) writePath(values, path, value);
  }
  return values as ParleyConfigInput;
}

function invalid(problems: Array<[key: string, message: string]>): ParleyError {
  return new ParleyError(
    'CONFIG_INVALID',
    `Invalid configuration. ${problems.map(([key, message]) => `${key}: ${message}`).join('; ')}`,
    { keys: [...new Set(problems.map(([key]) => key))] },
  );
}

function withoutBlanks(source: ConfigSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && String(value).trim() !== '') out[key] = String(value).trim();
  }
  return out;
}

/** Code over environment, section by section; a value given in code (an array too) replaces the environment's. */
function mergeInput(base: unknown, over: unknown): ParleyConfigInput {
  if (!isPlainObject(base) || !isPlainObject(over))
    return (over === undefined ? base : over) as ParleyConfigInput;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeInput(base[key], value);
  return out as ParleyConfigInput;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPath(values: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), values);
}

function writePath(values: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = values;
  for (const key of keys) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

function toConfig(values: ConfigValues, input: ParleyConfigInput): ParleyConfig {
  const { llm, search } = values;
  if (!values.auth.jwtSecret && values.env !== 'development') {
    throw invalid([
      ['JWT_SECRET', `required when NODE_ENV=${values.env} (at least 32 characters; auth.jwtSecret in code)`],
    ]);
  }
  const llmBaseUrl = (llm.baseUrl ?? 'https://openrouter.ai/api/v1').replace(/\/+$/, '');
  const llmApiKey = llm.apiKey ?? null;
  return {
    env: values.env,
    database: {
      ...parseDatabaseUrl(values.database.url),
      poolMax: values.database.poolMax,
      connectTimeoutMs: values.database.connectTimeoutMs,
      queueTimeoutMs: values.database.queueTimeoutMs,
      statementTimeoutMs: values.database.statementTimeoutMs,
      preparedStatements: values.database.preparedStatements,
    },
    redis: values.redis.url ? { url: values.redis.url, keyPrefix: values.redis.keyPrefix } : null,
    sessions: { ttlMs: values.sessions.ttlMinutes * 60_000 },
    messages: { maxChars: values.messages.maxChars },
    auth: {
      jwtSecret: values.auth.jwtSecret ?? randomBytes(32).toString('hex'),
      jwtSecretGenerated: !values.auth.jwtSecret,
      jwtTtlSeconds: parseDuration(values.auth.jwtTtl) / 1000,
      loginMaxFailures: values.auth.loginMaxFailures,
      loginFailureWindowMs: parseDuration(values.auth.loginFailureWindow),
    },
    logLevel: values.logLevel,
    llm: {
      apiKey: llmApiKey,
      baseUrl: llmBaseUrl,
      baseUrlSet: input.llm?.baseUrl !== undefined,
      model: llm.model,
      fallbackModels: llm.fallbackModels,
      summaryModel: llm.summaryModel ?? llm.model,
      embeddingModel: llm.embeddingModel ?? '',
      embedding: {
        baseUrl: llm.embedding.baseUrl?.replace(/\/+$/, '') ?? llmBaseUrl,
        baseUrlSet: input.llm?.embedding?.baseUrl !== undefined || input.llm?.baseUrl !== undefined,
        apiKey: llm.embedding.apiKey ?? llmApiKey,
        fallbackModels: llm.embedding.fallbackModels,
      },
      tools: llm.tools,
      mode: llm.mode,
      contextTokens: llm.contextTokens,
      outputReserveTokens: llm.outputReserveTokens,
      retryBudgetMs: llm.retryBudgetMs,
      connectTimeoutMs: llm.connectTimeoutMs,
      firstTokenTimeoutMs: llm.firstTokenTimeoutMs,
      idleTimeoutMs: llm.idleTimeoutMs,
      totalTimeoutMs: llm.totalTimeoutMs,
      breakerThreshold: llm.breakerThreshold,
      breakerCooldownMs: llm.breakerCooldownMs,
      appUrl: llm.appUrl ?? null,
      appTitle: llm.appTitle,
    },
    chat: { ...values.chat },
    jobs: { concurrency: values.jobs.concurrency },
    requirements: { ...values.requirements },
    memory: { budgetTokens: values.memory.budgetTokens },
    retrieval: {
      ...values.retrieval,
      embeddings: llm.embeddingModel === null ? 'off' : values.retrieval.embeddings,
    },
    search: {
      apiKey: search.apiKey ?? null,
      baseUrl: search.baseUrl?.replace(/\/+$/, '') ?? null,
      depth: search.depth,
      maxResults: search.maxResults,
      timeoutMs: search.timeoutMs,
      cacheTtlMs: parseDuration(search.cacheTtl),
      ratePerMinute: search.ratePerMinute,
      queueLimit: search.queueLimit,
      maxQueries: search.maxQueries,
      includeDomains: search.includeDomains,
      excludeDomains: search.excludeDomains,
      breakerThreshold: search.breakerThreshold,
      breakerCooldownMs: search.breakerCooldownMs,
    },
    sockets: {
      perUser: values.sockets.perUser,
      perIp: values.sockets.perIp,
      chunkCoalesceMs: values.sockets.chunkCoalesceMs === 'off' ? null : values.sockets.chunkCoalesceMs,
    },
    ops: { token: values.ops.token ?? null, port: values.ops.port ?? null },
    trustProxy: values.trustProxy,
    shutdown: { ...values.shutdown },
    cors: { origins: values.cors.origins },
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...withoutUndefined(values.rateLimits) },
  };
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** `postgres://…` / `postgresql://…`, `sqlite:PATH`, or a plain file path (SQLite). */
function parseDatabaseUrl(url: string): Pick<ParleyConfig['database'], 'url' | 'client' | 'filename'> {
  if (/^postgres(ql)?:\/\//.test(url)) return { url, client: 'postgres' };
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url;
  if (path === '') {
    throw invalid([
      ['DATABASE_URL', 'expected postgres://…, sqlite:PATH or a file path (database.url in code)'],
    ]);
  }
  const filename = path === ':memory:' ? path : resolve(path);
  return { url, client: 'sqlite', filename };
}
