import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MESSAGE_ROLES, type Message, type MessageStatus, type MessageUsage } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { ToolCall } from '../../ports/chat-model.js';
import type { Clock } from '../../ports/clock.js';
import type { AppendCondition, NewMessage, Store } from '../../ports/store.js';
import type { Logger } from 'pino';
import type { TokenCounter } from '../../ports/token-counter.js';
import type { SessionService } from '../sessions/session-service.js';
import { MAX_STORED_INT, storedText, withoutNul } from '../stored-text.js';
import { validate } from '../validate.js';
import type { RequirementsView } from '../requirements/requirements-service.js';
import { renderExport, type ExportFormat } from './export-conversation.js';
import { PendingAnswers } from './pending-answers.js';
import type { RecentMessages } from './recent-messages.js';

const cursor = z.coerce.number().int().min(0).max(MAX_STORED_INT);
const historyQuery = z.object({
  before: cursor.optional(),
  after: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  order: z.enum(['asc', 'desc']).default('desc'),
});
/** Message text: anything but blank. Shared with the chat turn so both reject the same input. */
export const messageContent = storedText.refine((text) => text.trim() !== '', 'must not be empty');
const newMessage = z.object({ role: z.enum(MESSAGE_ROLES), content: messageContent });

export type HistoryQuery = z.input<typeof historyQuery>;

/** One page of history plus the cursor for the next page in the same direction (null at the end). */
export interface HistoryPage {
  messages: Message[];
  next: { before?: number; after?: number } | null;
}

/** What the chat turn stores for an assistant answer, besides its text. */
export interface RecordOptions {
  status?: MessageStatus;
  usage?: MessageUsage | null;
  /** Assistant messages: the tool calls the model made. */
  toolCalls?: ToolCall[];
  /** Tool messages: the call answered. */
  toolCallId?: string;
}

/**
 * The conversation as the `Parley` facade offers it: every call names the user and checks the
 * session is theirs. `record` (no ownership check) stays inside the core, for the chat service;
 * `pendingAnswers` tells operators how many answers wait for the database.
 */
export type Conversation = Pick<ConversationService, 'append' | 'history' | 'export' | 'pendingAnswers'>;

/** Message persistence and history (R4.1, R4.2); every call is scoped to the session's owner. */
export class ConversationService {
  private readonly pending: PendingAnswers;

  constructor(
    private readonly deps: {
      store: Store;
      logger: Logger;
      sessions: SessionService;
      tokens: TokenCounter;
      clock: Clock;
      maxChars: number;
      /** The session's requirements for the export; without it the export has the messages only. */
      requirementsOf?: (userId: string, sessionId: string) => Promise<RequirementsView>;
      /** Told of every stored message, so turns read the newest ones from memory. */
      recent?: RecentMessages;
    },
  ) {
    this.pending = new PendingAnswers({ write: (message) => this.write(message), logger: deps.logger });
  }

  /** Appends a message to an active session of `userId`. */
  async append(
    userId: string,
    sessionId: string,
    input: { role: string; content: string },
  ): Promise<Message> {
    const { role, content } = validate(newMessage, input);
    this.checkLength(content);
    // A user message's append verifies the status itself; any other role is checked in the database.
    const session =
      role === 'user'
        ? await this.deps.sessions.checkActive(userId, sessionId)
        : await this.deps.sessions.requireActive(userId, sessionId);
    return this.record(session, role, content);
  }

  /**
   * Stores a message on a session the caller has already checked. A user message is stored only if
   * the database still holds the session active at that moment (`SESSION_CLOSED`/`SESSION_EXPIRED`,
   * nothing stored, otherwise); an assistant answer is kept even when the session expired while it
   * streamed. NUL characters (which model output may carry and PostgreSQL cannot store) are dropped;
   * input was refused for them before reaching here.
   */
  async record(
    session: Session,
    role: Message['role'],
    content: string,
    options: RecordOptions = {},
  ): Promise<Message> {
    // Answers kept while the database was away are written first, so the session's order holds.
    if (role === 'user') await this.pending.flush(session.id);
    return this.write(
      this.prepare(session, role, content, options),
      role === 'user' ? { activeAfter: this.deps.sessions.idleCutoff() } : undefined,
    );
  }

  /**
   * Stores an assistant answer that must not be lost (a streamed answer, or what arrived of it):
   * like `record`, but retried while the database is unavailable and, if it still is, kept and
   * written once it answers again (`DB_UNAVAILABLE` with `details.kept: true`).
   */
  recordAnswer(session: Session, content: string, options: RecordOptions = {}): Promise<Message> {
    return this.pending.write(this.prepare(session, 'assistant', content, options));
  }

  /** Answers waiting for the database to come back (readiness, tests). */
  pendingAnswers(): number {
    return this.pending.size();
  }

  /** Shutdown: writes the answers still kept, if the database lets it. */
  async close(): Promise<void> {
    await this.pending.close();
  }

  private prepare(
    session: Session,
    role: Message['role'],
    content: string,
    options: RecordOptions,
  ): NewMessage {
    return {
      id: randomUUID(),
      sessionId: session.id,
      role,
      content: withoutNul(content),
      tokenCount:
        this.deps.tokens.count(content) +
        (options.toolCalls ?? []).reduce(
          (sum, call) => sum + this.deps.tokens.count(`${call.name}${call.arguments}`),
          0,
        ),
      status: options.status ?? 'complete',
      usage: options.usage ?? null,
      toolCalls: options.toolCalls ?? null,
      toolCallId: options.toolCallId ?? null,
      createdAt: this.deps.clock.now(),
    };
  }

  private async write(message: NewMessage, condition?: AppendCondition): Promise<Message> {
    try {
      const stored = await this.deps.store.messages.append(message, condition);
      // The cache follows on its own; this process's reads of the session wait for it.
      void this.deps.sessions.noteMessage(stored);
      this.deps.recent?.stored(stored);
      return stored;
    } catch (error) {
      if (ParleyError.is(error, 'SESSION_CLOSED', 'SESSION_EXPIRED', 'SESSION_NOT_FOUND'))
        await this.deps.sessions.forget(message.sessionId);
      throw error;
    }
  }

  /** Rejects content over the configured limit with `MESSAGE_TOO_LONG` before anything is stored. */
  checkLength(content: string): void {
    if (content.length > this.deps.maxChars) {
      throw new ParleyError('MESSAGE_TOO_LONG', `content: at most ${this.deps.maxChars} characters`, {
        field: 'content',
        limit: this.deps.maxChars,
      });
    }
  }

  /** A page of history, readable in any session status; the cursor is the sequence number. */
  async history(userId: string, sessionId: string, query: HistoryQuery = {}): Promise<HistoryPage> {
    const page = validate(historyQuery, query);
    await this.deps.sessions.get(userId, sessionId);
    const messages = await this.deps.store.messages.page(sessionId, page);
    const last = messages.at(-1);
    const full = messages.length === page.limit && last !== undefined;
    const next = !full ? null : page.order === 'desc' ? { before: last.seq } : { after: last.seq };
    return { messages, next };
  }

  /** The whole conversation as JSON or Markdown (R4.5). */
  async export(userId: string, sessionId: string, format: ExportFormat): Promise<string> {
    const session = await this.deps.sessions.get(userId, sessionId);
    const messages: Message[] = [];
    for await (const message of this.pages(sessionId)) messages.push(message);
    const requirements = await this.deps.requirementsOf?.(userId, sessionId);
    return renderExport(session, messages, format, requirements);
  }

  private async *pages(sessionId: string): AsyncGenerator<Message> {
    const limit = 200;
    let after = 0;
    for (;;) {
      const messages = await this.deps.store.messages.page(sessionId, { after, order: 'asc', limit });
      yield* messages;
      const last = messages.at(-1);
      if (messages.length < limit || !last) return;
      after = last.seq;
    }
  }
}
