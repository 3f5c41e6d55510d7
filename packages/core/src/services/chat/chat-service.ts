import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import { toParleyError } from '../../errors/http-status.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Clock } from '../../ports/clock.js';
import type { ChatModel, LlmUsage } from '../../ports/chat-model.js';
import type { ConversationService } from '../conversation/conversation-service.js';
import type { SessionService } from '../sessions/session-service.js';
import { messageContent } from '../conversation/conversation-service.js';
import { validate } from '../validate.js';
import { linkAbort } from '../../shared/link-abort.js';
import type { ChatEventBus } from './chat-event-bus.js';
import type { ChatEvent, ChatEventListener } from './chat-events.js';
import type { BuiltContext, ContextBuilder } from './context-builder.js';
import type { SessionQueue } from './session-queue.js';
import type { SessionTitler } from './session-titler.js';
import type { Summarizer } from './summarizer.js';

export interface SendInput {
  userId: string;
  sessionId: string;
  content: string;
  /** Stops this answer (Ctrl+C, an SSE client gone); what arrived is stored as incomplete. */
  signal?: AbortSignal;
}

/** A turn accepted into the session's queue. */
export interface AcceptedTurn {
  turnId: string;
  /** 0 when it starts at once, n when n answers run or wait before it. */
  position: number;
  /** Settles when the turn is over: the stored answer (possibly incomplete), or null when none arrived. */
  done: Promise<Message | null>;
}

const sendSchema = z.object({ content: messageContent });
const cancelled = () => new ParleyError('CANCELLED', 'The answer was stopped before it finished.');

/**
 * The chat turn (R3.4, R3.5, R4.3–R4.4, R5.7): queue per session, store the user message, build
 * the context, stream the answer as events, store the answer once at the end with usage.
 */
export class ChatService {
  private readonly running = new Set<AbortController>();
  private closing = false;

  constructor(
    private readonly deps: {
      sessions: SessionService;
      conversation: ConversationService;
      llm: ChatModel;
      context: ContextBuilder;
      summarizer: Summarizer;
      titler: SessionTitler;
      queue: SessionQueue;
      bus: ChatEventBus;
      clock: Clock;
      logger: Logger;
      outputTokens: number;
    },
  ) {}

  /** Watches a session's turns; the returned function stops watching. */
  subscribe(sessionId: string, listener: ChatEventListener): () => void {
    return this.deps.bus.subscribe(sessionId, listener);
  }

  /**
   * Validates and queues a user message. Rejections (`VALIDATION_FAILED`, `MESSAGE_TOO_LONG`,
   * `SESSION_*`, `SESSION_BUSY`) happen before anything is stored; everything after arrives as events.
   */
  async send(input: SendInput): Promise<AcceptedTurn> {
    validate(sendSchema, { content: input.content });
    this.deps.conversation.checkLength(input.content);
    const checked = await this.deps.sessions.requireActive(input.userId, input.sessionId);
    const turnId = randomUUID();
    const position = this.deps.queue.position(input.sessionId);
    // A turn that waited behind others checks its session again: it may have expired or closed meanwhile.
    const done = this.deps.queue.run(input.sessionId, () =>
      this.runTurn(turnId, input, position === 0 ? checked : null),
    );
    return { turnId, position, done };
  }

  /** Waits for background work of a session (summary, title); used by tests and shutdown. */
  async idle(sessionId?: string): Promise<void> {
    await Promise.all([this.deps.summarizer.idle(sessionId), this.deps.titler.idle(sessionId)]);
  }

  /**
   * Shutdown: stops every running and queued answer (what arrived is stored as incomplete, queued
   * user messages are stored with a CANCELLED answer), then waits for them and the background work.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const controller of this.running) controller.abort();
    await this.deps.queue.idle();
    await this.idle();
  }

  private async runTurn(turnId: string, input: SendInput, checked: Session | null): Promise<Message | null> {
    const stop = new AbortController();
    const unlink = linkAbort(input.signal, stop);
    this.running.add(stop);
    if (this.closing) stop.abort();
    try {
      return await this.answer(turnId, input, checked, stop.signal);
    } finally {
      this.running.delete(stop);
      unlink();
    }
  }

  private async answer(
    turnId: string,
    input: SendInput,
    checked: Session | null,
    signal: AbortSignal,
  ): Promise<Message | null> {
    const { sessionId } = input;
    const emit = (event: ChatEvent) => this.deps.bus.publish(event);
    let session: Session;
    let userMessage: Message;
    try {
      session = checked ?? (await this.deps.sessions.requireActive(input.userId, sessionId));
      userMessage = await this.deps.conversation.record(session, 'user', input.content);
    } catch (error) {
      const failure = toParleyError(error);
      emit({
        type: 'assistant_error',
        sessionId,
        turnId,
        error: { code: failure.code, message: failure.message },
        message: null,
      });
      throw failure;
    }
    emit({ type: 'message_received', sessionId, turnId, message: userMessage });
    emit({ type: 'assistant_start', sessionId, turnId });

    const started = this.deps.clock.now().getTime();
    const parts: string[] = [];
    let firstTokenMs: number | undefined;
    let finish: { model: string; usage: LlmUsage } | undefined;
    let context: BuiltContext | undefined;
    try {
      context = await this.deps.context.build(sessionId, userMessage.seq);
      for await (const event of this.deps.llm.stream({
        messages: context.messages,
        maxTokens: this.deps.outputTokens,
        signal,
      })) {
        if (event.type === 'done') {
          finish = event;
          continue;
        }
        if (event.text === '') continue;
        firstTokenMs ??= this.deps.clock.now().getTime() - started;
        emit({ type: 'assistant_chunk', sessionId, turnId, index: parts.length, text: event.text });
        parts.push(event.text);
      }
      if (signal.aborted) throw cancelled();
    } catch (error) {
      const failure = signal.aborted ? cancelled() : toParleyError(error);
      if (failure.code === 'INTERNAL') this.deps.logger.error({ err: error, sessionId }, 'chat turn failed');
      return this.fail(session, turnId, failure, parts);
    }

    let answer: Message;
    try {
      answer = await this.deps.conversation.record(session, 'assistant', parts.join(''), {
        usage: {
          model: finish?.model ?? 'unknown',
          promptTokens: finish?.usage.promptTokens ?? context?.promptTokens ?? 0,
          completionTokens: finish?.usage.completionTokens ?? 0,
          latencyMs: this.deps.clock.now().getTime() - started,
          ...(firstTokenMs === undefined ? {} : { firstTokenMs }),
        },
      });
    } catch (error) {
      this.deps.logger.error({ err: error, sessionId }, 'storing the answer failed');
      return this.fail(session, turnId, toParleyError(error), []);
    }
    emit({ type: 'assistant_end', sessionId, turnId, message: answer });
    if (context) this.deps.summarizer.maybeFold(sessionId, answer.seq, context);
    if (session.title === null) this.deps.titler.name(session, input.content, answer.content);
    return answer;
  }

  /**
   * Ends a turn with `assistant_error`, storing what arrived as incomplete. Watchers always get an
   * end event, even when that last write fails too.
   */
  private async fail(
    session: Session,
    turnId: string,
    failure: ParleyError,
    parts: string[],
  ): Promise<Message | null> {
    let partial: Message | null = null;
    let reported = failure;
    if (parts.length > 0) {
      try {
        partial = await this.deps.conversation.record(session, 'assistant', parts.join(''), {
          status: 'incomplete',
        });
      } catch (error) {
        this.deps.logger.error({ err: error, sessionId: session.id }, 'storing the partial answer failed');
        reported = toParleyError(error);
      }
    }
    this.deps.bus.publish({
      type: 'assistant_error',
      sessionId: session.id,
      turnId,
      error: { code: reported.code, message: reported.message },
      message: partial,
    });
    return partial;
  }
}
