import type { Logger } from 'pino';
import type { Message } from '../../domain/message.js';
import type { Clock } from '../../ports/clock.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { Store } from '../../ports/store.js';
import type { SessionService } from '../sessions/session-service.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import type { AfterTurnJob } from './after-turn.js';
import type { ContextBuilder } from './context-builder.js';

const INSTRUCTIONS = [
  'You maintain the running summary of a conversation between a hiring manager and an assistant.',
  'Merge the previous summary with the new messages into one updated summary. Keep every concrete',
  'requirement (role, seniority, skills, experience, location, salary, languages, constraints), decisions,',
  'open questions and stated preferences; drop small talk. Write compact bullet points, at most 300 words.',
].join(' ');
const MAX_FOLDED_CHARS = 2_000;

/**
 * Rolling summarization (R4.4) as an after-turn job: when a turn's prompt overflowed or filled most
 * of the budget, older messages are folded into the summary — previous summary + newly folded
 * messages — in the background, so the next turn rarely waits. The job runner keeps one fold per
 * session at a time and coalesces a burst.
 */
export function summaryJob(deps: {
  store: Store;
  /** Its cached rows are dropped once a summary is saved: they say where the summary ends. */
  sessions: Pick<SessionService, 'forget'>;
  llm: ChatModel;
  /** Builder with half the budget and no sources: what it keeps stays verbatim, the rest is folded. */
  keep: ContextBuilder;
  model: string;
  tokens: TokenCounter;
  clock: Clock;
  logger: Logger;
  budgetTokens: number;
}): AfterTurnJob {
  return {
    name: 'summarize',
    on: 'answer',
    when: ({ context, answer }) =>
      answer !== null &&
      context !== null &&
      (context.truncated || context.promptTokens > deps.budgetTokens * 0.8),
    run: ({ session, answer, signal }) => fold(deps, session.userId, session.id, answer?.seq ?? 0, signal),
  };
}

async function fold(
  deps: Parameters<typeof summaryJob>[0],
  userId: string,
  sessionId: string,
  lastSeq: number,
  signal: AbortSignal,
): Promise<void> {
  const { store, llm } = deps;
  const kept = await deps.keep.build({ userId, sessionId, userMessage: { seq: lastSeq, content: '' } });
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
    .filter((message) => message.content !== '')
    .map((message) => `${message.role}: ${message.content.slice(0, MAX_FOLDED_CHARS)}`)
    .join('\n');
  let content = '';
  for await (const event of llm.stream({
    model: deps.model,
    signal,
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
    tokenCount: deps.tokens.count(content),
    createdAt: deps.clock.now(),
  });
  await deps.sessions.forget(sessionId);
  deps.logger.debug({ sessionId, toSeq }, 'conversation summary updated');
}
