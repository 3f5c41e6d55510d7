import type { Logger } from 'pino';
import { createScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { createMemoryCache } from './adapters/cache/memory-cache.js';
import { createRedisCache } from './adapters/cache/redis-cache.js';
import {
  createResilientCache,
  type CacheStats,
  type ResilientCache,
} from './adapters/cache/resilient-cache.js';
import { createKnexStore } from './adapters/store/knex-store.js';
import { createGptTokenizerCounter } from './adapters/tokens/gpt-tokenizer-counter.js';
import type { ParleyConfigInput } from './config/config-schema.js';
import { loadConfig, type ConfigSource } from './config/load-config.js';
import type { ParleyConfig } from './config/parley-config.js';
import { createLogger, REDACTED_PATHS } from './logging/create-logger.js';
import type { Cache } from './ports/cache.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { Store } from './ports/store.js';
import type { TokenCounter } from './ports/token-counter.js';
import type { ChatModel } from './ports/chat-model.js';
import type { EmbeddingModel } from './ports/embedding-model.js';
import { createOfflineChatModel, isOfflineChatModel } from './adapters/llm/offline-chat-model.js';
import { createOpenAiChatModel } from './adapters/llm/openai-chat-model.js';
import { createOpenAiEmbeddingModel } from './adapters/llm/openai-embedding-model.js';
import { LlmMetricsHub } from './services/observability/llm-metrics-hub.js';
import { createInProcessEventBus } from './adapters/bus/in-process-event-bus.js';
import { createInProcessTurnQueue } from './adapters/queue/in-process-turn-queue.js';
import { createRedisEventBus } from './adapters/bus/redis-event-bus.js';
import { createRedisTurnQueue } from './adapters/queue/redis-turn-queue.js';
import type { ContextSource } from './ports/context-source.js';
import type { EventBus } from './ports/event-bus.js';
import type { Tool } from './ports/tool.js';
import type { TurnQueue } from './ports/turn-queue.js';
import { AdminService } from './services/admin/admin-service.js';
import type { AfterTurnJob } from './services/chat/after-turn.js';
import { ChatService } from './services/chat/chat-service.js';
import { ContextBuilder, systemInstructions } from './services/chat/context-builder.js';
import { sessionTitleJob } from './services/chat/session-titler.js';
import { summaryJob } from './services/chat/summarizer.js';
import { DEFAULT_SYSTEM_PROMPT } from './services/chat/system-prompt.js';
import { ToolBox } from './services/chat/tool-box.js';
import { JobRunner } from './services/jobs/job-runner.js';
import { seededBy } from './services/memory/memory-defaults.js';
import { MemoryService } from './services/memory/memory-service.js';
import { memoryTurnParts } from './services/memory/memory-turn.js';
import { retrievalTurnParts } from './services/retrieval/retrieval-turn.js';
import type { Retriever } from './services/retrieval/retriever.js';
import { createTavilySearchProvider } from './adapters/search/tavily-search-provider.js';
import type { SearchProvider } from './ports/search-provider.js';
import { RequirementsService } from './services/requirements/requirements-service.js';
import { requirementsTurnParts } from './services/requirements/requirements-turn.js';
import { offlineStateSource } from './services/requirements/offline/offline-state.js';
import { criteriaFromProfile } from './services/search/criteria-from-profile.js';
import { SearchService } from './services/search/search-service.js';
import { searchHealthProbe } from './services/search/search-health-probe.js';
import { createWebSearchTool } from './services/search/web-search-tool.js';
import { SearchMetricsHub } from './services/observability/search-metrics-hub.js';
import { HealthService } from './services/health/health-service.js';
import { AuthService } from './services/auth/auth-service.js';
import { ConversationService, type Conversation } from './services/conversation/conversation-service.js';
import { RecentMessages } from './services/conversation/recent-messages.js';
import { SessionCache } from './services/sessions/session-cache.js';
import { SessionPurge } from './services/sessions/session-purge.js';
import { SessionService } from './services/sessions/session-service.js';

/** Everything `createParley` accepts; each port falls back to the default adapter for the config. */
export interface ParleyOptions {
  /**
   * Typed configuration in code, any part of it (`{ database: { url }, sessions: { ttlMinutes } }`);
   * it wins over `env` key by key and is validated the same way (docs/configuration.md).
   */
  config?: ParleyConfigInput;
  /** Environment variables read as configuration; default `process.env`. */
  env?: ConfigSource;
  store?: Store;
  cache?: Cache;
  logger?: Logger;
  clock?: Clock;
  tokenCounter?: TokenCounter;
  passwordHasher?: PasswordHasher;
  /**
   * The model gateway; default: the OpenAI-compatible adapter for `config.llm` (or a stand-in that
   * reports `LLM_NOT_CONFIGURED`), or the offline intake with `LLM_MODE=offline`. Never switched silently.
   */
  llm?: ChatModel;
  /** Instructions that open every prompt; default: the hiring assistant's. */
  systemPrompt?: string;
  /** Functions the model may call during every turn (R14.1). */
  tools?: Tool[];
  /** Parts of every prompt besides the system prompt, summary and window; same name replaces. */
  contextSources?: ContextSource[];
  /** Work after each user message or answer, off the answer's path; same name replaces a built-in. */
  afterTurn?: AfterTurnJob[];
  /** Carries turn and user events; default Redis when `REDIS_URL` is set (several processes), else in-process. */
  bus?: EventBus;
  /** Orders each session's answers; default Redis when `REDIS_URL` is set (several processes), else in-process. */
  queue?: TurnQueue;
  /** Web search; default: Tavily when `TAVILY_API_KEY` is set, otherwise search is off. */
  search?: SearchProvider;
  /** The embeddings gateway (retrieval); default: the OpenAI-compatible adapter for `config.llm.embedding`. */
  embeddings?: EmbeddingModel;
  /** Run the store's migrations before returning (default true). */
  migrate?: boolean;
}

/**
 * NOT public API: the raw adapters behind a core, for the sibling packages' tests and the bench
 * (seeding history, injecting faults). Embedding code uses the services; this changes without notice.
 */
export interface ParleyInternals {
  readonly store: Store;
  readonly cache: ResilientCache;
  readonly llm: ChatModel;
  readonly purge: SessionPurge;
  readonly recent: RecentMessages;
}

/**
 * A running Parley core: the services surfaces call, and `close()` to release what it opened. Every
 * service call is scoped to a user; operations across users go through `admin`.
 */
export interface Parley {
  readonly config: ParleyConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly sessions: SessionService;
  /** A user's messages: append, page, export — each call checks the session is the user's. */
  readonly conversation: Conversation;
  readonly chat: ChatService;
  /** The living requirement profile of each session, its conflicts and questions (R7). */
  readonly requirements: RequirementsService;
  /** Web search for the role, ranked against its profile (R8). */
  readonly search: SearchService;
  /** Provider calls, cache hits and breaker states of search, for metrics. */
  readonly searchMetrics: SearchMetricsHub;
  /** What Parley remembers about each user, under the user's control (R9). */
  readonly memory: MemoryService;
  /** Older messages that matter to a question: lexical and vector search, fused (R6). */
  readonly retrieval: Retriever;
  /** Cross-user operations for operators and admin commands. */
  readonly admin: AdminService;
  /** After-turn work (summaries, titles …): counts for metrics, `idle()` for tests. */
  readonly jobs: JobRunner;
  readonly health: HealthService;
  /** Attempt and breaker events of the default LLM adapter, for metrics. */
  readonly llmMetrics: LlmMetricsHub;
  /** Hits, misses and errors of the cache so far, for metrics. */
  cacheStats(): CacheStats;
  /** Escape hatch for the sibling packages' tests and the bench; see `ParleyInternals`. */
  readonly internal: ParleyInternals;
  /** Releases the adapters Parley created (DB pool, Redis client); caller-provided ones stay open. */
  close(): Promise<void>;
}

/**
 * Builds a Parley core (R12.1). With no options it runs on the embedded default: SQLite under
 * `./.parley/` and an in-process cache.
 *
 * @example
 * const parley = await createParley({ config: { database: { url: 'sqlite::memory:' } } });
 * const user = await parley.auth.register({ email: 'ada@example.com', password: 'correct horse' });
 * const session = await parley.sessions.create(user.id);
 */
export async function createParley(options: ParleyOptions = {}): Promise<Parley> {
  const config = loadConfig(options.env ?? process.env, options.config);
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
  const tokens = options.tokenCounter ?? createGptTokenizerCounter();
  const recent = new RecentMessages({ clock });
  const conversation = new ConversationService({
    store,
    logger,
    sessions,
    recent,
    clock,
    tokens,
    maxChars: config.messages.maxChars,
    requirementsOf: (userId, sessionId) => requirements.get(userId, sessionId),
  });
  const llmMetrics = new LlmMetricsHub();
  const policy = {
    maxMustHaves: config.requirements.maxMustHaves,
    essentials: config.requirements.essentials,
    salaryBands: config.requirements.salaryBands,
  };
  const llm =
    options.llm ??
    (config.llm.mode === 'offline'
      ? createOfflineChatModel({ policy, clock, tokens })
      : createOpenAiChatModel({ config: config.llm, logger, tokenCounter: tokens, metrics: llmMetrics }));
  // The offline intake has no model to extract or summarize with: the rules keep the profile, and the
  // prompt keeps the last messages that fit without folding (issue 15).
  const offline = isOfflineChatModel(llm);
  const embeddings =
    options.embeddings ?? createOpenAiEmbeddingModel({ config: config.llm, logger, metrics: llmMetrics });
  const systemPrompt = options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  const budgetTokens = config.llm.contextTokens - config.llm.outputReserveTokens;
  const system = systemInstructions(systemPrompt, tokens);
  const redis = config.redis ? { ...config.redis, logger } : null;
  const bus = options.bus ?? (redis ? own(await createRedisEventBus(redis)) : createInProcessEventBus());
  const queueLimits = { limit: config.chat.queueLimit, holdMs: config.chat.turnHoldMs };
  const queue =
    options.queue ??
    (redis
      ? own(await createRedisTurnQueue({ ...redis, ...queueLimits }))
      : createInProcessTurnQueue(queueLimits));
  const unpublished = (error: unknown) => logger.warn({ err: error }, 'publishing an event failed');
  const requirements = new RequirementsService({
    store,
    sessions,
    clock,
    policy,
    model: offline ? null : llm,
    modelMessages: config.requirements.modelMessages,
    logger,
    onUpdated: ({ userId: _userId, ...change }) =>
      void bus.publishSession({ type: 'requirements_updated', ...change }).catch(unpublished),
  });
  const requirementParts = requirementsTurnParts({ requirements, store });
  const memory = new MemoryService({
    store,
    cache,
    clock,
    logger,
    onForget: async (userId, items) => {
      await requirements.dropMemoryValues(userId, seededBy(items));
    },
    onChanged: (e) => void bus.publishUser({ type: 'memory_updated', ...e }).catch(unpublished),
  });
  const retrievalParts = retrievalTurnParts({
    store,
    embeddings,
    config: { ...config.retrieval, model: config.llm.embeddingModel },
    promptBudgetTokens: budgetTokens,
    logger,
  });
  const memoryParts = memoryTurnParts({
    memory,
    requirements,
    llm,
    model: config.llm.summaryModel,
    budgetTokens: config.memory.budgetTokens,
    promptBudgetTokens: budgetTokens,
    logger,
  });
  const searchMetrics = new SearchMetricsHub();
  const provider =
    options.search ??
    (config.search.apiKey
      ? createTavilySearchProvider({
          apiKey: config.search.apiKey,
          baseUrl: config.search.baseUrl,
          depth: config.search.depth,
          timeoutMs: config.search.timeoutMs,
        })
      : null);
  const search = new SearchService({
    provider,
    store,
    sessions,
    cache,
    clock,
    logger,
    config: config.search,
    metrics: searchMetrics,
    onRun: (run) => bus.publishSession({ type: 'search_results', sessionId: run.sessionId, search: run }),
  });
  const searchTools = search.enabled
    ? [
        createWebSearchTool({
          search,
          tokens,
          criteriaFor: async (userId, sessionId) =>
            criteriaFromProfile((await requirements.get(userId, sessionId)).profile),
        }),
      ]
    : [];
  const context = new ContextBuilder({
    store,
    recent,
    tokens,
    sources: byName([
      system,
      memoryParts.source,
      requirementParts.brief,
      ...(offline ? [offlineStateSource(requirements)] : []),
      ...retrievalParts.sources,
      ...(options.contextSources ?? []),
    ]),
    budgetTokens,
    sourceTimeoutMs: config.chat.contextSourceTimeoutMs,
    logger,
  });
  const jobs = new JobRunner({ concurrency: config.jobs.concurrency, logger });
  const summarize: AfterTurnJob[] = offline
    ? []
    : [
        summaryJob({
          store,
          sessions,
          llm,
          keep: new ContextBuilder({
            store,
            recent,
            tokens,
            sources: [system],
            budgetTokens: Math.floor(budgetTokens / 2),
            sourceTimeoutMs: config.chat.contextSourceTimeoutMs,
            logger,
          }),
          model: config.llm.summaryModel,
          tokens,
          clock,
          logger,
          budgetTokens,
        }),
      ];
  const builtInJobs: AfterTurnJob[] = [
    ...summarize,
    sessionTitleJob({
      llm,
      sessions,
      model: config.llm.summaryModel,
      logger,
      onTitled: (session) => bus.publishUser({ type: 'session_updated', userId: session.userId, session }),
    }),
  ];
  const chat = new ChatService({
    sessions,
    conversation,
    llm,
    context,
    tools: new ToolBox([...searchTools, ...(options.tools ?? [])], config.chat.toolTimeoutMs),
    afterTurn: byName([
      ...builtInJobs,
      ...requirementParts.jobs,
      ...memoryParts.jobs,
      ...retrievalParts.jobs,
      ...(options.afterTurn ?? []),
    ]),
    jobs,
    queue,
    bus,
    clock,
    logger,
    limits: {
      outputTokens: config.llm.outputReserveTokens,
      maxToolRounds: config.chat.maxToolRounds,
      maxTurnsPerUser: config.chat.maxTurnsPerUser,
      maxTurns: config.chat.maxTurns,
      holdMs: config.chat.turnHoldMs,
    },
  });
  const health = new HealthService(
    [
      { name: 'database', required: true, check: () => store.ping() },
      { name: 'cache', required: false, check: () => cache.ping() },
      { name: 'llm', required: false, check: () => llm.ping() },
      ...(search.enabled ? [searchHealthProbe(search)] : []),
    ],
    clock,
  );

  const auth = new AuthService({
    store,
    cache,
    clock,
    config: config.auth,
    hasher: options.passwordHasher ?? createScryptPasswordHasher(),
  });
  const purge = new SessionPurge({ store, cache: sessionCache, clock, ttlMs, logger, recent });
  return {
    config,
    logger,
    clock,
    auth,
    sessions,
    conversation,
    chat,
    requirements,
    memory,
    retrieval: retrievalParts.retriever,
    search,
    searchMetrics,
    admin: new AdminService({ store, sessions, conversation, requirements, auth, purge, clock, ttlMs }),
    jobs,
    health,
    llmMetrics,
    cacheStats: () => cache.stats(),
    internal: { store, cache, llm, purge, recent },
    async close() {
      await chat.close();
      await conversation.close();
      await sessionCache.settled();
      await Promise.allSettled(owned.reverse().map((resource) => resource.close()));
    },
  };

  function own<T extends { close(): Promise<void> }>(resource: T): T {
    owned.push(resource);
    return resource;
  }
}

/** The last entry of each name wins, in the place of the first: later registrations replace earlier ones. */
function byName<T extends { name: string }>(entries: T[]): T[] {
  const map = new Map<string, T>();
  for (const entry of entries) map.set(entry.name, entry);
  return [...map.values()];
}
