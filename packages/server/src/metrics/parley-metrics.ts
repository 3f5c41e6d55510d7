import type { ChatEvent, Parley } from '@parley/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the surfaces report; rendered in Prometheus format from `registry` (R10.4). */
export interface ParleyMetrics {
  readonly registry: Registry;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  socketConnected(delta: 1 | -1): void;
  observeSocketEvent(event: string, outcome: 'ok' | 'error'): void;
  /** Stops listening to the core's chat and LLM events. */
  close(): void;
}

/** Options of `createParleyMetrics`. */
export interface ParleyMetricsOptions {
  /** Where to register; default a new private registry, never prom-client's global one. */
  registry?: Registry;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

/** Metrics of one server: HTTP, sockets, chat, LLM (derived from chat events) and cache counters. */
export function createParleyMetrics(parley: Parley, options: ParleyMetricsOptions = {}): ParleyMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const httpRequests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request duration (for SSE, the whole stream).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const connections = new Gauge({
    name: 'parley_socket_connections',
    help: 'Open Socket.IO connections.',
    registers,
  });
  const socketEvents = new Counter({
    name: 'parley_socket_events_total',
    help: 'Socket events received, by event and outcome.',
    labelNames: ['event', 'outcome'] as const,
    registers,
  });
  const messages = new Counter({
    name: 'parley_chat_messages_total',
    help: 'Chat messages stored, by role and status.',
    labelNames: ['role', 'status'] as const,
    registers,
  });
  const llmLatency = new Histogram({
    name: 'parley_llm_latency_seconds',
    help: 'Whole-answer LLM latency.',
    labelNames: ['model'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const llmFirstToken = new Histogram({
    name: 'parley_llm_first_token_seconds',
    help: 'Time to the first streamed token.',
    labelNames: ['model'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const llmTokens = new Counter({
    name: 'parley_llm_tokens_total',
    help: 'LLM tokens by model and kind (prompt, completion).',
    labelNames: ['model', 'kind'] as const,
    registers,
  });
  const llmErrors = new Counter({
    name: 'parley_llm_errors_total',
    help: 'Chat turns that ended in an error, by error code.',
    labelNames: ['code'] as const,
    registers,
  });
  const llmAttempts = new Counter({
    name: 'parley_llm_attempts_total',
    help: 'HTTP attempts at a model, by operation and outcome (ok or failure kind).',
    labelNames: ['model', 'operation', 'outcome'] as const,
    registers,
  });
  const breakerState = new Gauge({
    name: 'parley_llm_breaker_state',
    help: 'Circuit breaker state per model: 0 closed, 1 half-open, 2 open.',
    labelNames: ['model'] as const,
    registers,
  });
  const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
  const stopLlm = parley.llmMetrics.subscribe({
    onAttempt: ({ model, operation, outcome }) => llmAttempts.inc({ model, operation, outcome }),
    onBreakerState: ({ model, state }) => breakerState.set({ model }, BREAKER_VALUE[state]),
  });
  for (const kind of ['hits', 'misses', 'errors'] as const) {
    new Counter({
      name: `parley_cache_${kind}_total`,
      help: `Cache ${kind} since the process started.`,
      registers,
      collect() {
        this.reset();
        this.inc(parley.cacheStats()[kind]);
      },
    });
  }

  const observeChatEvent = (event: ChatEvent): void => {
    if (event.type === 'message_received') messages.inc({ role: 'user', status: event.message.status });
    if (event.type === 'assistant_error') {
      llmErrors.inc({ code: event.error.code });
      if (event.message) messages.inc({ role: 'assistant', status: event.message.status });
    }
    if (event.type !== 'assistant_end') return;
    messages.inc({ role: 'assistant', status: event.message.status });
    const usage = event.message.usage;
    if (!usage) return;
    llmLatency.observe({ model: usage.model }, usage.latencyMs / 1000);
    if (usage.firstTokenMs !== undefined)
      llmFirstToken.observe({ model: usage.model }, usage.firstTokenMs / 1000);
    llmTokens.inc({ model: usage.model, kind: 'prompt' }, usage.promptTokens);
    llmTokens.inc({ model: usage.model, kind: 'completion' }, usage.completionTokens);
  };
  const toolCalls = new Counter({
    name: 'parley_tool_calls_total',
    help: 'Tool calls the model made during turns, by tool and outcome.',
    labelNames: ['tool', 'outcome'] as const,
    registers,
  });
  const toolNames = new Map<string, string>();
  const stopChat = parley.chat.observe((event) => {
    observeChatEvent(event);
    if (event.type === 'tool_call') toolNames.set(event.callId, event.name);
    if (event.type !== 'tool_result') return;
    toolCalls.inc({ tool: toolNames.get(event.callId) ?? 'unknown', outcome: event.ok ? 'ok' : 'error' });
    toolNames.delete(event.callId);
  });
  new Counter({
    name: 'parley_context_sources_skipped_total',
    help: 'Context sources left out of a prompt, by source and reason (failed, timeout, over_budget).',
    labelNames: ['source', 'reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const { source, reason, count } of parley.chat.skippedContextSources())
        this.inc({ source, reason }, count);
    },
  });
  new Counter({
    name: 'parley_retrieval_vectors_late_total',
    help: 'Turn searches that used the lexical hits alone, their vector half past RETRIEVAL_VECTOR_WAIT_MS.',
    registers,
    collect() {
      this.reset();
      this.inc(parley.retrieval.vectorsLate);
    },
  });
  for (const [kind, help] of [
    ['completed', 'After-turn jobs that finished, by job.'],
    ['failed', 'After-turn jobs that failed (logged, never shown to the user), by job.'],
  ] as const) {
    new Counter({
      name: `parley_jobs_${kind}_total`,
      help,
      labelNames: ['job'] as const,
      registers,
      collect() {
        this.reset();
        for (const [job, count] of Object.entries(parley.jobs.stats()[kind])) this.inc({ job }, count);
      },
    });
  }

  const searchRequests = new Counter({
    name: 'parley_search_requests_total',
    help: 'Search provider attempts, by provider and outcome (ok or failure kind).',
    labelNames: ['provider', 'outcome'] as const,
    registers,
  });
  const searchLatency = new Histogram({
    name: 'parley_search_provider_latency_seconds',
    help: 'Search provider latency per attempt.',
    labelNames: ['provider'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const searchCache = new Counter({
    name: 'parley_search_cache_lookups_total',
    help: 'Search cache lookups, by result (hit, miss).',
    labelNames: ['result'] as const,
    registers,
  });
  const searchAnswers = new Counter({
    name: 'parley_search_answers_total',
    help: 'Searches answered, by quality (fresh, cached, stale, degraded).',
    labelNames: ['quality'] as const,
    registers,
  });
  const searchBreaker = new Gauge({
    name: 'parley_search_breaker_state',
    help: 'Search provider circuit breaker: 0 closed, 1 half-open, 2 open.',
    registers,
  });
  const stopSearch = parley.searchMetrics.subscribe({
    onRequest: ({ provider, outcome, latencyMs }) => {
      searchRequests.inc({ provider, outcome });
      searchLatency.observe({ provider }, latencyMs / 1000);
    },
    onCacheLookup: ({ hit }) => searchCache.inc({ result: hit ? 'hit' : 'miss' }),
    onAnswer: ({ fromCache, degraded, stale }) =>
      searchAnswers.inc({
        quality: degraded ? 'degraded' : stale ? 'stale' : fromCache ? 'cached' : 'fresh',
      }),
    onBreakerState: ({ state }) => searchBreaker.set(BREAKER_VALUE[state]),
  });

  return {
    registry,
    close() {
      stopLlm();
      stopChat();
      stopSearch();
    },
    observeHttp(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    socketConnected: (delta) => connections.inc(delta),
    observeSocketEvent: (event, outcome) => socketEvents.inc({ event, outcome }),
  };
}
