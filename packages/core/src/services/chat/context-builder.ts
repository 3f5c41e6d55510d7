import type { Message } from '../../domain/message.js';
import type { ChatMessage } from '../../ports/chat-model.js';
import type { Store } from '../../ports/store.js';
import type { TokenCounter } from '../../ports/token-counter.js';

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
}

const PAGE = 50;
/** Per-message overhead of the chat format (role markers), as OpenAI documents it. */
const MESSAGE_OVERHEAD = 4;

/**
 * Builds the prompt from system prompt, rolling summary and as many recent messages as fit the
 * budget (R4.3). It reads stored token counts newest-first and stops at the budget or at the
 * summary boundary, so its cost depends on the window, never on the history's length.
 */
export class ContextBuilder {
  private readonly systemTokens: number;

  constructor(
    private readonly deps: { store: Store; tokens: TokenCounter; systemPrompt: string; budgetTokens: number },
  ) {
    this.systemTokens = deps.tokens.count(deps.systemPrompt) + MESSAGE_OVERHEAD;
  }

  async build(sessionId: string, uptoSeq: number): Promise<BuiltContext> {
    const summary = await this.deps.store.summaries.latest(sessionId);
    const summaryToSeq = summary?.toSeq ?? 0;
    const head: ChatMessage[] = [{ role: 'system', content: this.deps.systemPrompt }];
    if (summary)
      head.push({ role: 'system', content: `Summary of the earlier conversation:\n${summary.content}` });
    let used =
      this.deps.tokens.count(this.deps.systemPrompt) +
      MESSAGE_OVERHEAD +
      (summary ? summary.tokenCount + 12 : 0);

    const window: Message[] = [];
    let before = uptoSeq + 1;
    let truncated = false;
    scan: for (;;) {
      const page = await this.deps.store.messages.page(sessionId, { before, limit: PAGE, order: 'desc' });
      for (const message of page) {
        if (message.seq <= summaryToSeq) break scan;
        const cost = message.tokenCount + MESSAGE_OVERHEAD;
        if (used + cost > this.deps.budgetTokens && window.length > 0) {
          truncated = true;
          break scan;
        }
        used += cost;
        window.push(message);
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last) break;
      before = last.seq;
    }
    window.reverse();
    return {
      messages: [...head, ...window.map(({ role, content }) => ({ role, content }))],
      promptTokens: used,
      windowFromSeq: window[0]?.seq ?? Number.POSITIVE_INFINITY,
      summaryToSeq,
      truncated,
    };
  }
}
