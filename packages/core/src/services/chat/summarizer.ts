import type { Logger } from 'pino';
import type { Message } from '../../domain/message.js';
import type { Clock } from '../../ports/clock.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { Store } from '../../ports/store.js';
import type { BuiltContext, ContextBuilder } from './context-builder.js';

const INSTRUCTIONS = [
  'You maintain the running summary of a conversation between a hiring manager and an assistant.',
  'Merge the previous summary with the new messages into one updated summary. Keep every concrete',
  'requirement (role, seniority, skills, experience, location, salary, languages, constraints), decisions,',
  'open questions and stated preferences; drop small talk. Write compact bullet points, at most 300 words.',
].join(' ');
const MAX_FOLDED_CHARS = 2_000;

/**
 * Rolling summarization (R4.4): when a turn's window overflowed, older messages are folded into
 * the summary in the background — previous summary + newly folded messages — so the next turn
 * rarely waits. One fold per session at a time.
 */
export class Summarizer {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      store: Store;
      llm: ChatModel;
      /** Builder with half the budget: what it keeps stays verbatim, the rest is folded. */
      keep: ContextBuilder;
      model: string;
      countTokens: (text: string) => number;
      clock: Clock;
      logger: Logger;
      budgetTokens: number;
    },
  ) {}

  /** Starts a fold when the last context overflowed or filled most of the budget. */
  maybeFold(sessionId: string, lastSeq: number, context: BuiltContext): void {
    const nearlyFull = context.promptTokens > this.deps.budgetTokens * 0.8;
    if ((!context.truncated && !nearlyFull) || this.running.has(sessionId)) return;
    const fold = this.fold(sessionId, lastSeq)
      .catch((error: unknown) => this.deps.logger.warn({ err: error, sessionId }, 'summarization failed'))
      .finally(() => this.running.delete(sessionId));
    this.running.set(sessionId, fold);
  }

  /** Resolves when no fold is running for the session (tests, graceful shutdown). */
  async idle(sessionId?: string): Promise<void> {
    const pending = sessionId ? [this.running.get(sessionId)] : [...this.running.values()];
    await Promise.all(pending);
  }

  private async fold(sessionId: string, lastSeq: number): Promise<void> {
    const { store, llm } = this.deps;
    const kept = await this.deps.keep.build(sessionId, lastSeq);
    const fromSeq = kept.summaryToSeq + 1;
    const toSeq = Math.min(kept.windowFromSeq, lastSeq + 1) - 1;
    if (toSeq < fromSeq) return;

    const folded: Message[] = [];
    let after = fromSeq - 1;
    while (after < toSeq) {
      const page = await store.messages.page(sessionId, { after, limit: 200, order: 'asc' });
      const inRange = page.filter((message) => message.seq <= toSeq);
      folded.push(...inRange);
      const last = page.at(-1);
      if (!last || inRange.length < page.length || page.length < 200) break;
      after = last.seq;
    }
    const previous = await store.summaries.latest(sessionId);
    const transcript = folded
      .map((message) => `${message.role}: ${message.content.slice(0, MAX_FOLDED_CHARS)}`)
      .join('\n');
    let content = '';
    for await (const event of llm.stream({
      model: this.deps.model,
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        {
          role: 'user',
          content: `Previous summary:\n${previous?.content ?? '(none)'}\n\nNew messages:\n${transcript}`,
        },
      ],
    })) {
      if (event.type === 'delta') content += event.text;
    }
    content = content.trim();
    if (!content) return;
    await store.summaries.save({
      sessionId,
      content,
      fromSeq: 1,
      toSeq,
      tokenCount: this.deps.countTokens(content),
      createdAt: this.deps.clock.now(),
    });
    this.deps.logger.debug({ sessionId, toSeq }, 'conversation summary updated');
  }
}
