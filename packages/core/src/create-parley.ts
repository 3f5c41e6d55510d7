import type { Logger } from 'pino';
import { createScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { createMemoryCache } from './adapters/cache/memory-cache.js';
import { createRedisCache } from './adapters/cache/redis-cache.js';
import { createResilientCache, type ResilientCache } from './adapters/cache/resilient-cache.js';
import { createKnexStore } from './adapters/store/knex-store.js';
import { createTiktokenCounter } from './adapters/tokens/tiktoken-counter.js';
import { loadConfig, type ConfigSource } from './config/load-config.js';
import type { ParleyConfig } from './config/parley-config.js';
import { createLogger, REDACTED_PATHS } from './logging/create-logger.js';
import type { Cache } from './ports/cache.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { Store } from './ports/store.js';
import type { TokenCounter } from './ports/token-counter.js';
import type { ChatModel } from './ports/chat-model.js';
import { createOpenAiCompatibleProvider } from './adapters/llm/openai-compatible-provider.js';
import { LlmMetricsHub } from './services/observability/llm-metrics-hub.js';
import { ChatEventBus } from './services/chat/chat-event-bus.js';
import { ChatService } from './services/chat/chat-service.js';
import { ContextBuilder } from './services/chat/context-builder.js';
import { SessionQueue } from './services/chat/session-queue.js';
import { SessionTitler } from './services/chat/session-titler.js';
import { Summarizer } from './services/chat/summarizer.js';
import { DEFAULT_SYSTEM_PROMPT } from './services/chat/system-prompt.js';
import { HealthService } from './services/health/health-service.js';
import { AuthService } from './services/auth/auth-service.js';
import { ConversationService } from './services/conversation/conversation-service.js';
import { SessionCache } from './services/sessions/session-cache.js';
import { SessionPurge } from './services/sessions/session-purge.js';
import { SessionService } from './services/sessions/session-service.js';

/** Everything `createParley` accepts; each port falls back to the default adapter for the config. */
export interface ParleyOptions {
  /** A ready config; otherwise built from `env` (default `process.env`) and `overrides`. */
  config?: ParleyConfig;
  env?: ConfigSource;
  overrides?: ConfigSource;
  store?: Store;
  cache?: Cache;
  logger?: Logger;
  clock?: Clock;
  tokenCounter?: TokenCounter;
  passwordHasher?: PasswordHasher;
  /** The model gateway; default: the OpenAI-compatible adapter for `config.llm` (or a stand-in that reports `LLM_NOT_CONFIGURED`). */
  llm?: ChatModel;
  /** Instructions that open every prompt; default: the hiring assistant's. */
  systemPrompt?: string;
  /** Run the store's migrations before returning (default true). */
  migrate?: boolean;
}

/** A running Parley core: the services surfaces call, and `close()` to release what it opened. */
export interface Parley {
  readonly config: ParleyConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  readonly cache: ResilientCache;
  readonly auth: AuthService;
  readonly sessions: SessionService;
  readonly purge: SessionPurge;
  readonly conversation: ConversationService;
  readonly llm: ChatModel;
  readonly chat: ChatService;
  readonly health: HealthService;
  /** Attempt and breaker events of the default LLM adapter, for metrics. */
  readonly llmMetrics: LlmMetricsHub;
  /** Releases the adapters Parley created (DB pool, Redis client); caller-provided ones stay open. */
  close(): Promise<void>;
}

/**
 * Builds a Parley core (R12.1). With no options it runs on the embedded default: SQLite under
 * `./.parley/` and an in-process cache.
 *
 * @example
 * const parley = await createParley({ overrides: { DATABASE_URL: 'sqlite::memory:' } });
 * const user = await parley.auth.register({ email: 'ada@example.com', password: 'correct horse' });
 * const session = await parley.sessions.create(user.id);
 */
export async function createParley(options: ParleyOptions = {}): Promise<Parley> {
  const config = options.config ?? loadConfig(options.env ?? process.env, options.overrides);
  // A caller's logger gets Parley's redaction too, so surfaces can log requests without leaking secrets.
  const logger = options.logger
    ? options.logger.child({}, { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } })
    : createLogger(config.logLevel);
  if (config.auth.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret, so login tokens end with this process');
  }
  const clock = options.clock ?? systemClock;
  const owned: Array<{ close(): Promise<void> }> = [];

  const store = options.store ?? own(createKnexStore({ database: config.database, logger }));
  const rawCache =
    options.cache ??
    own(config.redis ? createRedisCache({ url: config.redis.url, logger }) : createMemoryCache());
  const cache = createResilientCache(rawCache, { logger });
  if (options.migrate !== false) await store.migrate();

  const sessionCache = new SessionCache(cache);
  const ttlMs = config.sessions.ttlMs;
  const sessions = new SessionService({ store, cache: sessionCache, clock, ttlMs });
  const tokens = options.tokenCounter ?? createTiktokenCounter();
  const conversation = new ConversationService({
    store,
    sessions,
    clock,
    tokens,
    maxChars: config.messages.maxChars,
  });
  const llmMetrics = new LlmMetricsHub();
  const llm =
    options.llm ??
    createOpenAiCompatibleProvider({ config: config.llm, logger, tokenCounter: tokens, metrics: llmMetrics });
  const systemPrompt = options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  const budgetTokens = config.llm.contextTokens - config.llm.outputReserveTokens;
  const context = new ContextBuilder({ store, tokens, systemPrompt, budgetTokens });
  const chat = new ChatService({
    sessions,
    conversation,
    llm,
    context,
    summarizer: new Summarizer({
      store,
      llm,
      keep: new ContextBuilder({ store, tokens, systemPrompt, budgetTokens: Math.floor(budgetTokens / 2) }),
      model: config.llm.summaryModel,
      countTokens: (text) => tokens.count(text),
      clock,
      logger,
      budgetTokens,
    }),
    titler: new SessionTitler({ llm, sessions, model: config.llm.summaryModel, logger }),
    queue: new SessionQueue(config.chat.queueLimit),
    bus: new ChatEventBus(),
    clock,
    logger,
    outputTokens: config.llm.outputReserveTokens,
  });
  const health = new HealthService(
    [
      { name: 'database', required: true, check: () => store.ping() },
      { name: 'cache', required: false, check: () => cache.ping() },
      { name: 'llm', required: false, check: () => llm.ping() },
    ],
    clock,
  );

  return {
    config,
    logger,
    clock,
    store,
    cache,
    auth: new AuthService({
      store,
      cache,
      clock,
      config: config.auth,
      hasher: options.passwordHasher ?? createScryptPasswordHasher(),
    }),
    sessions,
    purge: new SessionPurge({ store, cache: sessionCache, clock, ttlMs, logger }),
    conversation,
    llm,
    chat,
    health,
    llmMetrics,
    async close() {
      await chat.close();
      await Promise.allSettled(owned.reverse().map((resource) => resource.close()));
    },
  };

  function own<T extends { close(): Promise<void> }>(resource: T): T {
    owned.push(resource);
    return resource;
  }
}
