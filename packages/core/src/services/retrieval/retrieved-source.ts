import type { Message } from '../../domain/message.js';
import type { ContextPart, ContextRequest, ContextSource, TurnHistory } from '../../ports/context-source.js';
import type { KeptHit, RetrievalBreadth } from '../../ports/retrieval-index.js';
import type { Store } from '../../ports/store.js';
import { CONTEXT_ORDER, MESSAGE_OVERHEAD } from '../chat/context-builder.js';
import { HISTORY_PAGE } from '../chat/turn-history.js';
import type { Retriever } from './retriever.js';

const HEADER =
  'Older messages of this conversation that may matter now (they are no longer in the recent messages):';
const USER_HEADER =
  "Older messages of this and the user's other conversations that may matter now (they are not in the recent messages):";
const KEPT_HEADER = 'Search results the user kept that may matter now:';
const HITS = 5;
const KEPT_HITS = 3;
/** A kept result's text is cut here: the point is to recall it, its page holds the rest. */
const KEPT_CHARS = 400;

/** What the source reads with, and its limits. */
interface RetrievedSourceDeps {
  store: Store;
  retriever: Retriever;
  budgetTokens: number;
  promptBudgetTokens: number;
  across?: RetrievalBreadth;
  /** How long the search waits for its vector half (`RETRIEVAL_VECTOR_WAIT_MS`); unbounded when absent. */
  vectorWaitMs?: number;
}

/** The user message's embedding, requested as the turn began (`prepare`), and how to stop that request. */
interface EarlyQuery {
  vector: Promise<number[] | undefined>;
  stop(): void;
}

/**
 * The "retrieved" context source (R6.3): the messages most relevant to the user's message among
 * those the window cannot hold (summarised ones included, as a summary is lossy), each with one
 * neighbour on either side, then the kept search results that match it, all within the source's
 * budget. The window is estimated from the newest message back over the whole prompt budget, so
 * nothing retrieved is also in the window. `across: 'user'` also searches the user's other sessions.
 *
 * A turn that is known to search (its session row has a summary, so part of the history is out of
 * the window, or `across: 'user'`) starts embedding the user's message in `prepare`, beside the
 * message's write: the model request then does not wait for the embeddings endpoint's round trip
 * after the window is measured. Otherwise (a short session, or a cached row not yet showing the
 * summary) the search requests the embedding itself when it finds it must search. Either way the
 * search waits for its vector half at most `vectorWaitMs`, then uses the lexical hits alone.
 */
export function retrievedSource(deps: RetrievedSourceDeps): ContextSource<EarlyQuery | null> {
  const across = deps.across ?? 'session';
  return {
    name: 'retrieved',
    order: CONTEXT_ORDER.retrieved,
    budgetShare: Math.min(1, deps.budgetTokens / Math.max(1, deps.promptBudgetTokens)),
    // A summary means the window starts after message 1, so the turn searches (`windowStart`).
    prepare: async ({ session, content, signal }) => {
      if (across === 'session' && (session?.summaryToSeq ?? 0) === 0) return null;
      const stop = new AbortController();
      return {
        vector: deps.retriever.embedQuery(content, AbortSignal.any([signal, stop.signal])),
        stop: () => stop.abort(),
      };
    },
    async build(request) {
      const early = await request.prepared;
      try {
        return await retrievedPart(deps, across, request, early?.vector);
      } finally {
        // Unused (no search), late (past `vectorWaitMs`) or done: the request need not go on.
        early?.stop();
      }
    },
  };
}

/**
 * The source's part for one turn: the retrieved messages and the kept results within its budget.
 * `query` is the user message's embedding when `prepare` started it.
 */
async function retrievedPart(
  deps: RetrievedSourceDeps,
  across: RetrievalBreadth,
  { userId, sessionId, userMessage, session, budgetTokens, countTokens, signal, history }: ContextRequest,
  query: Promise<number[] | undefined> | undefined,
): Promise<ContextPart | null> {
  // Kept results have no sequence number (the window does not narrow them): searched at once,
  // beside the reads that find where the window starts — unless the session's row says it kept
  // none (its count moves in the keep's transaction) and the search stays within it.
  const keptNone = across === 'session' && session?.keptResults === 0;
  const [windowFrom, kept] = await Promise.all([
    windowStart(history, userMessage.seq, deps.promptBudgetTokens),
    keptNone
      ? []
      : deps.retriever.searchKept(
          { userId, sessionId, beforeSeq: userMessage.seq + 1, across, limit: KEPT_HITS },
          userMessage.content,
        ),
  ]);
  const hits =
    windowFrom <= 1 && across === 'session'
      ? []
      : await deps.retriever.search(
          { userId, sessionId, beforeSeq: windowFrom, across, limit: HITS },
          userMessage.content,
          { signal, vectorWaitMs: deps.vectorWaitMs, ...(query ? { query } : {}) },
        );
  const header = across === 'user' ? USER_HEADER : HEADER;
  let tokens = MESSAGE_OVERHEAD;
  const chosen = new Map<string, { message: Message; label: string }>();
  let messageTokens = countTokens(header) + 1;
  // Each hit with one neighbour on either side (never into the window), all in one read, and
  // the other sessions' labels beside it.
  const ranges = hits.map((hit) => ({
    sessionId: hit.sessionId,
    from: hit.seq - 1,
    to: hit.sessionId === sessionId ? Math.min(hit.seq + 1, windowFrom - 1) : hit.seq + 1,
  }));
  const others = [...new Set(hits.map((hit) => hit.sessionId).filter((id) => id !== sessionId))];
  const [around, labels] = await Promise.all([
    ranges.length > 0 ? deps.store.messages.ranges(ranges) : [],
    Promise.all(others.map(async (id) => [id, await sessionLabel(deps.store, id)] as const)),
  ]);
  const labelOf = new Map(labels);
  for (const range of ranges) {
    const group = around.filter(
      (m) => m.sessionId === range.sessionId && m.seq >= range.from && m.seq <= range.to,
    );
    const label = labelOf.get(range.sessionId) ?? '';
    const fresh = group.filter((m) => !chosen.has(key(m)) && m.content !== '');
    const cost = fresh.reduce((sum, m) => sum + countTokens(line(m, label)) + 1, 0);
    if (fresh.length === 0 || tokens + messageTokens + cost > budgetTokens) continue;
    for (const m of fresh) chosen.set(key(m), { message: m, label });
    messageTokens += cost;
  }
  const sections: string[] = [];
  if (chosen.size > 0) {
    tokens += messageTokens;
    const lines = [...chosen.values()]
      .sort((a, b) => a.label.localeCompare(b.label) || a.message.seq - b.message.seq)
      .map((c) => line(c.message, c.label));
    sections.push([header, ...lines].join('\n'));
  }
  const keptLines: string[] = [];
  let keptTokens = countTokens(KEPT_HEADER) + 1;
  for (const hit of kept) {
    const text = keptLine(hit);
    const cost = countTokens(text) + 1;
    if (tokens + keptTokens + cost > budgetTokens) continue;
    keptLines.push(text);
    keptTokens += cost;
  }
  if (keptLines.length > 0) {
    tokens += keptTokens;
    sections.push([KEPT_HEADER, ...keptLines].join('\n'));
  }
  if (sections.length === 0) return null;
  return { messages: [{ role: 'system', content: sections.join('\n\n') }], tokens };
}

function key(message: Message): string {
  return `${message.sessionId}:${message.seq}`;
}

function line(message: Message, label: string): string {
  return `[${label}#${message.seq} ${message.role}] ${message.content}`;
}

function keptLine(hit: KeptHit): string {
  const content = hit.content.length > KEPT_CHARS ? `${hit.content.slice(0, KEPT_CHARS)}…` : hit.content;
  return `- ${hit.title} <${hit.url}>: ${content}`;
}

/** How a message of another session is labelled: that session's title, or its id when untitled. */
async function sessionLabel(store: Store, sessionId: string): Promise<string> {
  const session = await store.sessions.findById(sessionId);
  return `session "${session?.title ?? sessionId}" `;
}

/**
 * The oldest sequence number the window could hold: newest first, until the whole prompt budget is
 * spent or the summary's boundary is reached. The real window is never larger.
 */
async function windowStart(history: TurnHistory, seq: number, budget: number): Promise<number> {
  // The newest page is read whatever the summary says: both at once.
  const [summary, newest] = await Promise.all([history.latestSummary(), history.pageBefore(seq + 1)]);
  const floor = summary?.toSeq ?? 0;
  let spent = 0;
  let from = seq + 1;
  for (let page = newest; ; page = await history.pageBefore(from)) {
    for (const message of page) {
      spent += message.tokenCount + MESSAGE_OVERHEAD;
      if (message.seq <= floor || spent > budget) return from;
      from = message.seq;
    }
    if (page.length < HISTORY_PAGE) return from;
  }
}
