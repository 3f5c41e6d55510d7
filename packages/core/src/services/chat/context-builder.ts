import type { Logger } from 'pino';
import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import type { ChatMessage } from '../../ports/chat-model.js';
import type { ContextPart, ContextSource, PrepareRequest, TurnHistory } from '../../ports/context-source.js';
import type { Store } from '../../ports/store.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import { linkAbort } from '../../shared/link-abort.js';
import type { RecentMessages } from '../conversation/recent-messages.js';
import { rememberedCounts } from './remembered-counts.js';
import { createTurnHistory, HISTORY_PAGE } from './turn-history.js';

/** The prompt for one turn and what it left out, so the summarizer knows when to fold. */
export interface BuiltContext {
  messages: ChatMessage[];
  promptTokens: number;
  /** Oldest sequence number in the window (Infinity when the window is empty). */
  windowFromSeq: number;
  /** Newest sequence number the rolling summary covers (0 without a summary). */
  summaryToSeq: number;
  /** True when unsummarized messages did not fit and were left out. */
  truncated: boolean;
  /** Tokens each part used, in prompt order (`summary` and `window` included). */
  parts: Array<{ name: string; tokens: number }>;
}

/** A context source left out of prompts: which, why (`failed`, `timeout`, `over_budget`), how often. */
export interface SourceSkip {
  source: string;
  reason: 'failed' | 'timeout' | 'over_budget';
  count: number;
}

/** Which turn a context is built for. */
export interface ContextTarget {
  userId: string;
  sessionId: string;
  userMessage: { seq: number; content: string };
  /** The session row the turn was admitted with, passed on to the sources (`ContextRequest.session`). */
  session?: Session;
  signal?: AbortSignal;
  /** The turn's history reads when the caller shares them (`historyFor`); a fresh set otherwise. */
  history?: TurnHistory;
  /** What the sources started as the turn began (`prepare`); they read everything themselves without it. */
  prepared?: PreparedContext;
}

/** The reads the sources started for one turn (`ContextBuilder.prepare`), by source name. */
export type PreparedContext = ReadonlyMap<string, Promise<unknown>>;

/** Places of the built-in parts; sources choose theirs relative to these. */
export const CONTEXT_ORDER = {
  system: 0,
  memory: 100,
  brief: 200,
  summary: 300,
  retrieved: 400,
  window: 500,
};

/** Per-message overhead of the chat format (role markers), as OpenAI documents it. */
export const MESSAGE_OVERHEAD = 4;
const SUMMARY_HEADER = 'Summary of the earlier conversation:\n';

/**
 * Instructions that open every prompt, as a context source whose cost is counted once.
 *
 * @example createParley({ contextSources: [systemInstructions('You are a sourcing assistant.', counter)] })
 */
export function systemInstructions(prompt: string, tokens: TokenCounter): ContextSource {
  const part: ContextPart = {
    messages: [{ role: 'system', content: prompt }],
    tokens: tokens.count(prompt) + MESSAGE_OVERHEAD,
  };
  return { name: 'system', order: CONTEXT_ORDER.system, budgetShare: 1, build: async () => part };
}

/**
 * Builds the prompt (R4.3) from ordered context sources, each within its share of the budget and
 * its time limit (a failing or late source is skipped with a warning; the turn still answers), then
 * the rolling summary and as many recent messages as fit what is left. The window reads stored token
 * counts newest-first and stops at the budget or the summary boundary, so its cost depends on the
 * window, never on the history's length.
 */
export class ContextBuilder {
  private readonly sources: ContextSource[];
  private readonly skips = new Map<string, SourceSkip>();
  /** What sources count with: each text's count is remembered, as they resend much the same text. */
  private readonly counts: TokenCounter;
  private readonly countTokens = (text: string): number => this.counts.count(text);

  constructor(
    private readonly deps: {
      store: Store;
      tokens: TokenCounter;
      sources: ContextSource[];
      budgetTokens: number;
      sourceTimeoutMs: number;
      logger: Logger;
      /** The sessions' newest messages in memory: history pages it holds are not read again. */
      recent?: RecentMessages;
    },
  ) {
    this.sources = [...deps.sources].sort((a, b) => a.order - b.order);
    this.counts = rememberedCounts(deps.tokens);
  }

  /** How often each source was left out, and why, since start (metrics). */
  skipped(): SourceSkip[] {
    return [...this.skips.values()].map((skip) => ({ ...skip }));
  }

  /** One turn's history reads, for its prompt and its `message` jobs to share. */
  historyFor(target: Pick<ContextTarget, 'sessionId' | 'userMessage' | 'session'>): TurnHistory {
    return createTurnHistory(
      this.deps.store,
      target.sessionId,
      target.userMessage.seq + 1,
      this.deps.recent,
      target.session?.summaryToSeq,
    );
  }

  /**
   * Starts the sources' reads that need not wait for the turn's user message (`ContextSource.prepare`),
   * so they run while it is stored; the caller passes the result to `build`. A source whose
   * `prepare` throws at once reads everything in `build` instead; a prepared read that rejects
   * reaches `build` as `prepared`, and a source awaiting it is left out as failed.
   */
  prepare(turn: PrepareRequest): PreparedContext {
    const prepared = new Map<string, Promise<unknown>>();
    for (const source of this.sources) {
      if (!source.prepare) continue;
      try {
        const started = source.prepare(turn);
        // A turn that ends before `build` (its message refused) leaves it unread: not an unhandled rejection.
        started.catch(() => undefined);
        prepared.set(source.name, started);
      } catch (error) {
        this.deps.logger.warn(
          { err: error, source: source.name, sessionId: turn.sessionId },
          'context source prepare failed',
        );
      }
    }
    return prepared;
  }

  async build(target: ContextTarget): Promise<BuiltContext> {
    const history = target.history ?? this.historyFor(target);
    // The sources start together, so they share one time limit: one timer and one signal per turn.
    const limit = new AbortController();
    const unlink = linkAbort(target.signal, limit);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.deps.sourceTimeoutMs);
    });
    let summary: Awaited<ReturnType<TurnHistory['latestSummary']>>;
    let built: Array<ContextPart | null>;
    try {
      [summary, ...built] = await Promise.all([
        history.latestSummary(),
        ...this.sources.map((source) => this.fromSource(source, target, history, limit, late)),
      ]);
    } finally {
      clearTimeout(timer);
      unlink();
    }
    const placed: Array<{ name: string; order: number; part: ContextPart }> = [];
    this.sources.forEach((source, index) => {
      const part = built[index];
      if (part && part.messages.length > 0) placed.push({ name: source.name, order: source.order, part });
    });
    if (summary) {
      const content = `${SUMMARY_HEADER}${summary.content}`;
      placed.push({
        name: 'summary',
        order: CONTEXT_ORDER.summary,
        part: { messages: [{ role: 'system', content }], tokens: summary.tokenCount + 12 },
      });
    }
    const used = placed.reduce((sum, { part }) => sum + part.tokens, 0);
    const summaryToSeq = summary?.toSeq ?? 0;
    const window = await this.window(history, target.userMessage.seq, summaryToSeq, used);
    placed.push({
      name: 'window',
      order: CONTEXT_ORDER.window,
      part: { messages: window.messages.map(toChatMessage), tokens: window.tokens },
    });
    placed.sort((a, b) => a.order - b.order);
    return {
      messages: placed.flatMap(({ part }) => part.messages),
      promptTokens: used + window.tokens,
      windowFromSeq: window.messages[0]?.seq ?? Number.POSITIVE_INFINITY,
      summaryToSeq,
      truncated: window.truncated,
      parts: placed.map(({ name, part }) => ({ name, tokens: part.tokens })),
    };
  }

  /** One source's part, or null (logged and counted) when it fails, is late or is over its budget. */
  private async fromSource(
    source: ContextSource,
    target: ContextTarget,
    history: TurnHistory,
    limit: AbortController,
    late: Promise<'timeout'>,
  ): Promise<ContextPart | null> {
    const budgetTokens = Math.floor(this.deps.budgetTokens * source.budgetShare);
    const prepared = target.prepared?.get(source.name);
    const skip = (reason: 'failed' | 'timeout' | 'over_budget', err?: unknown): null => {
      this.deps.logger.warn(
        { source: source.name, reason, err, sessionId: target.sessionId },
        'context source skipped',
      );
      const key = `${source.name}:${reason}`;
      const skip = this.skips.get(key) ?? { source: source.name, reason, count: 0 };
      skip.count += 1;
      this.skips.set(key, skip);
      return null;
    };
    try {
      const part = await Promise.race([
        source.build({
          userId: target.userId,
          sessionId: target.sessionId,
          userMessage: target.userMessage,
          ...(target.session ? { session: target.session } : {}),
          budgetTokens,
          signal: limit.signal,
          countTokens: this.countTokens,
          history,
          ...(prepared ? { prepared } : {}),
        }),
        late,
      ]);
      if (part === 'timeout') {
        limit.abort();
        return skip('timeout');
      }
      if (part && part.tokens > budgetTokens) return skip('over_budget');
      return part;
    } catch (error) {
      return skip('failed', error);
    }
  }

  /** The newest messages up to `uptoSeq` that fit beside `used`, oldest first, not starting mid tool call. */
  private async window(history: TurnHistory, uptoSeq: number, summaryToSeq: number, used: number) {
    const messages: Message[] = [];
    let tokens = 0;
    let before = uptoSeq + 1;
    let truncated = false;
    scan: for (;;) {
      const page = await history.pageBefore(before);
      for (const message of page) {
        if (message.seq <= summaryToSeq) break scan;
        const cost = message.tokenCount + MESSAGE_OVERHEAD;
        if (used + tokens + cost > this.deps.budgetTokens && messages.length > 0) {
          truncated = true;
          break scan;
        }
        tokens += cost;
        messages.push(message);
      }
      const last = page.at(-1);
      if (page.length < HISTORY_PAGE || !last) break;
      before = last.seq;
    }
    messages.reverse();
    // The model API refuses a tool result without its call, and a call without a result for each of
    // its ids (a result whose write failed, or that fell out of the window): leave both out.
    const calls = new Set(messages.flatMap((m) => (m.toolCalls ?? []).map((call) => call.id)));
    const results = new Set(messages.flatMap((m) => (m.toolCallId === null ? [] : [m.toolCallId])));
    const answered = (m: Message) => (m.toolCalls ?? []).every((call) => results.has(call.id));
    const paired = messages.filter((m) => (m.toolCallId === null ? answered(m) : calls.has(m.toolCallId)));
    for (const dropped of messages.filter((m) => !paired.includes(m))) {
      tokens -= dropped.tokenCount + MESSAGE_OVERHEAD;
      truncated = true;
    }
    return { messages: paired, tokens, truncated };
  }
}

function toChatMessage(message: Message): ChatMessage {
  return {
    role: message.role,
    content: message.content,
    ...(message.toolCalls ? { toolCalls: message.toolCalls } : {}),
    ...(message.toolCallId ? { toolCallId: message.toolCallId } : {}),
  };
}
