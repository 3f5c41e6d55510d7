import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Message } from '../../domain/message.js';
import type { Session } from '../../domain/session.js';
import { toParleyError } from '../../errors/to-parley-error.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { ChatMessage, ChatModel, LlmUsage, ToolCall } from '../../ports/chat-model.js';
import type { Clock } from '../../ports/clock.js';
import type { EventBus, Unsubscribe } from '../../ports/event-bus.js';
import type { QueueHold, QueueTicket, TurnQueue } from '../../ports/turn-queue.js';
import { linkAbort } from '../../shared/link-abort.js';
import type { ConversationService } from '../conversation/conversation-service.js';
import { messageContent } from '../conversation/conversation-service.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { SessionService } from '../sessions/session-service.js';
import { validate } from '../validate.js';
import type { AfterTurnContext, AfterTurnJob } from './after-turn.js';
import type { ChatEvent, ChatEventListener, SessionEvent, UserEvent } from './chat-events.js';
import type { BuiltContext, ContextBuilder, PreparedContext, SourceSkip } from './context-builder.js';
import { parseArguments, type ToolBox } from './tool-box.js';
import type { CancelInput, SendInput, Turn } from './turn.js';
import { TurnLog } from './turn-log.js';

/** Limits of the chat turn, from `config.chat`. */
export interface ChatLimits {
  outputTokens: number;
  maxToolRounds: number;
  maxTurnsPerUser: number;
  maxTurns: number;
  holdMs: number;
}

interface LocalTurn {
  id: string;
  userId: string;
  sessionId: string;
  controller: AbortController;
  ticket: QueueTicket;
  started: boolean;
  log: TurnLog;
  /** Settles once every event published so far is out (the bus sends a turn's events in order). */
  published: Promise<void>;
  /** Settles when the turn is over and its events are published (never rejects). */
  settled: Promise<unknown>;
  /**
   * For a turn that starts at once: settles once its user message is stored (`send` waits for
   * it) or was refused (`send` rejects with that error, and the turn publishes no event).
   */
  admission?: { resolve: () => void; reject: (failure: ParleyError) => void };
}

/** Where the current round's text starts in the turn's log: a failed answer stores it as incomplete. */
interface Progress {
  roundStart: number;
}

const sendSchema = z.object({ content: messageContent });
/**
 * Longest wait, after the request to the model, for its first output before the turn's `message`
 * jobs start anyway: a fast model's first delta goes out before their work, a slow model's wait
 * (hundreds of milliseconds) is theirs to use.
 */
const MESSAGE_JOBS_GRACE_MS = 20;
const cancelled = () => new ParleyError('CANCELLED', 'The answer was stopped before it finished.');
const shuttingDown = () =>
  new ParleyError('SHUTTING_DOWN', 'The server is shutting down; try again shortly.');
/** Why an aborted turn stopped: shutdown says so (`SHUTTING_DOWN`), anything else is `CANCELLED`. */
const stopReason = (signal: AbortSignal): ParleyError =>
  ParleyError.is(signal.reason, 'SHUTTING_DOWN') ? signal.reason : cancelled();

/**
 * The chat turn (R3.4, R3.5, R4.3, R5.7, R14.1): each message becomes a `Turn` that waits its
 * place in the session's line, stores the user message, builds the prompt from context sources,
 * streams the answer — calling tools in bounded rounds — stores it once, and hands after-turn jobs
 * to the runner. Events go to the bus (rooms, SSE, the CLI) and to local observers (metrics).
 */
export class ChatService {
  private readonly turns = new Map<string, LocalTurn>();
  private readonly perUser = new Map<string, number>();
  private readonly observers = new Set<ChatEventListener>();
  private readonly stopCancels: Unsubscribe;
  private closing = false;
  private draining = false;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      sessions: SessionService;
      conversation: ConversationService;
      llm: ChatModel;
      context: ContextBuilder;
      tools: ToolBox;
      afterTurn: AfterTurnJob[];
      jobs: JobRunner;
      queue: TurnQueue;
      bus: EventBus;
      clock: Clock;
      logger: Logger;
      limits: ChatLimits;
    },
  ) {
    this.stopCancels = deps.bus.subscribeCancels(({ sessionId, turnId }) => {
      const turn = this.turns.get(turnId);
      if (turn?.sessionId === sessionId) this.stop(turn);
    });
  }

  /**
   * Validates a user message and queues its answer. Rejections (`VALIDATION_FAILED`,
   * `MESSAGE_TOO_LONG`, `SESSION_*`, `SESSION_BUSY`, `RATE_LIMITED`, `SERVER_BUSY`,
   * `SHUTTING_DOWN`) happen before anything is stored; everything after arrives as the turn's events.
   * The session is checked against the cached row; the database has the last word in the same
   * statement that stores the message: a turn that starts at once resolves once its message is
   * stored (a session closed or expired behind the cache rejects then, nothing stored; so does a
   * failure to store it, `DB_UNAVAILABLE`), and a queued one is checked in the database as it
   * joins the line (refused, it leaves the line) and again when its turn comes.
   */
  async send(input: SendInput): Promise<Turn> {
    validate(sendSchema, { content: input.content });
    this.deps.conversation.checkLength(input.content);
    this.checkCapacity(input.userId);
    const checked = await this.deps.sessions.checkActive(input.userId, input.sessionId);
    this.checkCapacity(input.userId);
    const id = randomUUID();
    const ticket = await this.deps.queue.enter(input.sessionId, id);
    if (ticket.position > 0) {
      try {
        await this.deps.sessions.requireActive(input.userId, input.sessionId);
      } catch (error) {
        // Its go may have come during the check: the hold is handed back, not left to time out.
        ticket.ready.then(
          (hold) => hold.release().catch(() => undefined),
          () => undefined,
        );
        ticket.leave();
        throw error;
      }
    }
    const local: LocalTurn = {
      id,
      userId: input.userId,
      sessionId: input.sessionId,
      controller: new AbortController(),
      ticket,
      started: false,
      log: new TurnLog(),
      published: Promise.resolve(),
      settled: Promise.resolve(),
    };
    const admitted =
      ticket.position === 0
        ? new Promise<void>((resolve, reject) => (local.admission = { resolve, reject }))
        : undefined;
    this.turns.set(id, local);
    this.perUser.set(input.userId, (this.perUser.get(input.userId) ?? 0) + 1);
    const unlink = linkAbort(input.signal, local.controller);
    if (local.controller.signal.aborted) this.stop(local);
    else local.controller.signal.addEventListener('abort', () => this.stop(local), { once: true });
    if (this.closing) local.controller.abort(shuttingDown());
    // A turn that waited behind others checks its session again: it may have expired or closed meanwhile.
    const done = this.run(local, input, ticket.position === 0 ? checked : null).finally(() => {
      unlink();
      this.turns.delete(id);
      const count = (this.perUser.get(input.userId) ?? 1) - 1;
      if (count > 0) this.perUser.set(input.userId, count);
      else this.perUser.delete(input.userId);
    });
    local.settled = done.catch(() => undefined);
    await admitted;
    return {
      id,
      sessionId: input.sessionId,
      position: ticket.position,
      events: { [Symbol.asyncIterator]: () => local.log.events() },
      cancel: () => local.controller.abort(),
      done,
    };
  }

  /**
   * Cancels a turn of `userId` wherever it runs (socket `cancel_turn`, an SSE client gone, Ctrl+C).
   * `SESSION_NOT_FOUND` for someone else's session; false when no such turn is running.
   */
  async cancel(input: CancelInput): Promise<boolean> {
    await this.deps.sessions.get(input.userId, input.sessionId);
    const local = this.turns.get(input.turnId);
    if (local) {
      if (local.userId !== input.userId || local.sessionId !== input.sessionId) return false;
      local.controller.abort();
      return true;
    }
    const probe = await this.deps.bus.followTurn(input.turnId, () => undefined);
    probe.stop();
    if (!probe.found) return false;
    await this.deps.bus.requestCancel({ sessionId: input.sessionId, turnId: input.turnId });
    return true;
  }

  /** Watches a session's turns (every process's, through the bus); the returned function stops it. */
  subscribe(sessionId: string, listener: ChatEventListener): Unsubscribe {
    return this.deps.bus.subscribeSession(sessionId, listener);
  }

  /** Watches a session's turns and its other events (requirements, searches): what a room shows. */
  watch(sessionId: string, listener: (event: ChatEvent | SessionEvent) => void): Unsubscribe {
    const stopTurns = this.deps.bus.subscribeSession(sessionId, listener);
    const stopOthers = this.deps.bus.subscribeSessionEvents(sessionId, listener);
    return () => {
      stopTurns();
      stopOthers();
    };
  }

  /** Watches what concerns a user across sessions (`session_updated`). */
  subscribeUser(userId: string, listener: (event: UserEvent) => void): Unsubscribe {
    return this.deps.bus.subscribeUser(userId, listener);
  }

  /**
   * Follows a running turn from chunk `fromChunk` (a reconnecting client); false when it is not
   * running any more — its stored messages are then the record.
   */
  follow(
    turnId: string,
    listener: ChatEventListener,
    fromChunk = 0,
  ): Promise<{ found: boolean; stop: Unsubscribe }> {
    return this.deps.bus.followTurn(turnId, listener, { fromChunk });
  }

  /** Every event of every turn this process runs, once (metrics count each turn where it runs). */
  observe(listener: ChatEventListener): Unsubscribe {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** Context sources left out of prompts since start (failed, late or over budget), for metrics. */
  skippedContextSources(): SourceSkip[] {
    return this.deps.context.skipped();
  }

  /** Waits for after-turn work of a session, or of all (tests, shutdown). */
  async idle(sessionId?: string): Promise<void> {
    await this.deps.jobs.idle(sessionId);
  }

  /**
   * Shutdown, first step (SIGTERM): refuses new turns (`SHUTTING_DOWN`) and resolves once the
   * answers this process runs or queues are over; they go on meanwhile. The caller bounds the wait
   * (`SHUTDOWN_GRACE_MS`), then `close` stops what still runs.
   */
  async drain(): Promise<void> {
    this.draining = true;
    while (this.turns.size > 0) await Promise.all([...this.turns.values()].map((turn) => turn.settled));
  }

  /**
   * Shutdown: refuses new turns, stops every running and waiting answer with `SHUTTING_DOWN` (what
   * arrived is stored as incomplete, waiting user messages are stored with that error as their
   * outcome), then waits for them and for the after-turn work. Calling it again waits for the same.
   */
  close(): Promise<void> {
    this.closed ??= this.stopAll();
    return this.closed;
  }

  private async stopAll(): Promise<void> {
    this.closing = true;
    this.draining = true;
    const open = [...this.turns.values()];
    for (const turn of open) turn.controller.abort(shuttingDown());
    await Promise.all(open.map((turn) => turn.settled));
    await this.deps.jobs.close();
    this.stopCancels();
  }

  private checkCapacity(userId: string): void {
    if (this.draining) throw shuttingDown();
    const { maxTurns, maxTurnsPerUser } = this.deps.limits;
    if (this.turns.size >= maxTurns) {
      throw new ParleyError('SERVER_BUSY', 'Too many answers are running; try again shortly.', {
        limit: maxTurns,
      });
    }
    if ((this.perUser.get(userId) ?? 0) >= maxTurnsPerUser) {
      throw new ParleyError('RATE_LIMITED', `At most ${maxTurnsPerUser} answers may run at once per user.`, {
        limit: maxTurnsPerUser,
      });
    }
  }

  /**
   * Hands `failure` to the `send` still waiting for the turn's admission (the turn then publishes
   * nothing: its caller never saw it start); false when no one waits and the turn reports it itself.
   */
  private refuse(turn: LocalTurn, failure: ParleyError): boolean {
    const admission = turn.admission;
    if (!admission) return false;
    turn.admission = undefined;
    admission.reject(failure);
    return true;
  }

  /** Stops a turn: withdraws it from the line if it has not started, otherwise aborts its answer. */
  private stop(turn: LocalTurn): void {
    if (!turn.controller.signal.aborted) turn.controller.abort();
    if (!turn.started && !this.closing) turn.ticket.leave();
  }

  private emit(turn: LocalTurn, event: ChatEvent): void {
    turn.log.append(event);
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch {
        continue;
      }
    }
    turn.published = this.deps.bus
      .publishTurn([event], turn.log)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, turnId: turn.id }, 'publishing chat events failed'),
      );
  }

  private async run(turn: LocalTurn, input: SendInput, checked: Session | null): Promise<Message | null> {
    let hold: QueueHold;
    try {
      hold = await turn.ticket.ready;
    } catch (error) {
      const failure = toParleyError(error);
      if (this.refuse(turn, failure)) return null;
      this.emit(turn, {
        type: 'assistant_error',
        sessionId: turn.sessionId,
        turnId: turn.id,
        error: { code: failure.code, message: failure.message },
        message: null,
      });
      await turn.published;
      return null;
    }
    turn.started = true;
    const lost = (error?: unknown) =>
      this.deps.logger.warn({ err: error, turnId: turn.id, sessionId: turn.sessionId }, 'turn lost its hold');
    const renew = setInterval(
      () => void hold.renew().then((kept) => kept || lost(), lost),
      Math.max(1, Math.floor(this.deps.limits.holdMs / 3)),
    );
    renew.unref();
    try {
      return await this.answer(turn, input, checked);
    } finally {
      clearInterval(renew);
      await turn.published;
      await hold.release().catch(lost);
    }
  }

  private async answer(turn: LocalTurn, input: SendInput, checked: Session | null): Promise<Message | null> {
    const { sessionId } = turn;
    const signal = turn.controller.signal;
    let session: Session;
    let userMessage: Message;
    let prepared: PreparedContext;
    try {
      session = checked ?? (await this.deps.sessions.checkActive(input.userId, sessionId));
      // Started together: the message's write (after any answers kept while the database was away)
      // and what the sources prepare (the brief's profile read, the user's memory, a long session's
      // query embedding).
      const recording = this.deps.conversation.record(session, 'user', input.content);
      prepared = this.deps.context.prepare({
        userId: input.userId,
        sessionId,
        session,
        content: input.content,
        signal,
      });
      userMessage = await recording;
    } catch (error) {
      const failure = toParleyError(error);
      if (!ParleyError.is(failure, 'SESSION_CLOSED', 'SESSION_EXPIRED', 'SESSION_NOT_FOUND'))
        this.deps.logger.error({ err: error, sessionId, turnId: turn.id }, 'storing the user message failed');
      if (this.refuse(turn, failure)) throw failure;
      this.emit(turn, {
        type: 'assistant_error',
        sessionId,
        turnId: turn.id,
        error: { code: failure.code, message: failure.message },
        message: null,
      });
      throw failure;
    }
    turn.admission?.resolve();
    turn.admission = undefined;
    this.emit(turn, { type: 'message_received', sessionId, turnId: turn.id, message: userMessage });
    this.emit(turn, { type: 'assistant_start', sessionId, turnId: turn.id });
    // `message` jobs (extraction, memory) are queued now, so `idle()` and `close()` wait for them,
    // but start once the model's first output has gone to the listeners (setImmediate: after this
    // turn's microtasks), or MESSAGE_JOBS_GRACE_MS after the request if the model is slower: their
    // work runs while the model answers, and never between a fast model's first delta and the user.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const history = this.deps.context.historyFor({ sessionId, userMessage, session });
    this.afterTurn(
      'message',
      { session, turnId: turn.id, userMessage, answer: null, context: null, history },
      released,
    );
    let grace: NodeJS.Timeout | undefined;
    let jobsStarted = false;
    const startMessageJobs = () => {
      clearTimeout(grace);
      if (jobsStarted) return;
      jobsStarted = true;
      setImmediate(release);
    };

    const started = this.deps.clock.now().getTime();
    const progress: Progress = { roundStart: 0 };
    let context: BuiltContext | undefined;
    let result: { text: string; model: string; usage: LlmUsage; firstTokenMs?: number };
    try {
      if (signal.aborted) throw cancelled();
      context = await this.deps.context.build({
        userId: input.userId,
        sessionId,
        userMessage: { seq: userMessage.seq, content: userMessage.content },
        session,
        signal,
        history,
        prepared,
      });
      grace = setTimeout(startMessageJobs, MESSAGE_JOBS_GRACE_MS);
      result = await this.rounds(
        turn,
        session,
        context,
        this.deps.tools.with(input.tools),
        progress,
        started,
        startMessageJobs,
      );
      startMessageJobs();
      if (signal.aborted) throw cancelled();
    } catch (error) {
      startMessageJobs();
      const failure = signal.aborted ? stopReason(signal) : toParleyError(error);
      if (failure.code === 'INTERNAL') this.deps.logger.error({ err: error, sessionId }, 'chat turn failed');
      return this.fail(turn, session, failure, turn.log.textFrom(progress.roundStart));
    }

    let answer: Message;
    try {
      answer = await this.deps.conversation.recordAnswer(session, result.text, {
        usage: {
          model: result.model,
          promptTokens: result.usage.promptTokens || context.promptTokens,
          completionTokens: result.usage.completionTokens,
          latencyMs: this.deps.clock.now().getTime() - started,
          ...(result.firstTokenMs === undefined ? {} : { firstTokenMs: result.firstTokenMs }),
        },
      });
    } catch (error) {
      this.deps.logger.error({ err: error, sessionId }, 'storing the answer failed');
      return this.fail(turn, session, toParleyError(error), '');
    }
    this.emit(turn, { type: 'assistant_end', sessionId, turnId: turn.id, message: answer });
    this.afterTurn('answer', { session, turnId: turn.id, userMessage, answer, context, history });
    return answer;
  }

  /**
   * Model ↔ tools (R14.1): streams an answer; when the model calls tools, stores its call message,
   * runs the calls of the round concurrently, stores each result, and asks again — at most
   * `maxToolRounds` rounds, then once more without tools for the final text.
   */
  private async rounds(
    turn: LocalTurn,
    session: Session,
    context: BuiltContext,
    tools: ToolBox,
    progress: Progress,
    started: number,
    onOutput: () => void,
  ): Promise<{ text: string; model: string; usage: LlmUsage; firstTokenMs?: number }> {
    const signal = turn.controller.signal;
    const messages: ChatMessage[] = [...context.messages];
    const usage: LlmUsage = { promptTokens: 0, completionTokens: 0 };
    let firstTokenMs: number | undefined;
    let chunks = 0;
    for (let round = 0; ; round += 1) {
      const offered = tools.size > 0 && round < this.deps.limits.maxToolRounds;
      progress.roundStart = chunks;
      let finish: { model: string; usage: LlmUsage; toolCalls: ToolCall[] } | undefined;
      for await (const event of this.deps.llm.stream({
        messages,
        maxTokens: this.deps.limits.outputTokens,
        signal,
        ...(offered ? { tools: tools.definitions } : {}),
      })) {
        if (event.type === 'done') {
          finish = event;
          onOutput();
          continue;
        }
        if (event.text === '') continue;
        firstTokenMs ??= this.deps.clock.now().getTime() - started;
        this.emit(turn, {
          type: 'assistant_chunk',
          sessionId: turn.sessionId,
          turnId: turn.id,
          index: chunks,
          text: event.text,
        });
        chunks += 1;
        onOutput();
      }
      if (signal.aborted) throw cancelled();
      usage.promptTokens += finish?.usage.promptTokens ?? 0;
      usage.completionTokens += finish?.usage.completionTokens ?? 0;
      const text = turn.log.textFrom(progress.roundStart);
      const calls = offered ? (finish?.toolCalls ?? []) : [];
      if (calls.length === 0) {
        const model = finish?.model ?? 'unknown';
        return { text, model, usage, ...(firstTokenMs === undefined ? {} : { firstTokenMs }) };
      }
      await this.deps.conversation.record(session, 'assistant', text, { toolCalls: calls });
      progress.roundStart = chunks;
      messages.push({ role: 'assistant', content: text, toolCalls: calls });
      messages.push(...(await this.callTools(turn, session, tools, calls)));
    }
  }

  private async callTools(
    turn: LocalTurn,
    session: Session,
    tools: ToolBox,
    calls: ToolCall[],
  ): Promise<ChatMessage[]> {
    const base = { sessionId: turn.sessionId, turnId: turn.id };
    for (const call of calls) {
      this.emit(turn, {
        type: 'tool_call',
        ...base,
        callId: call.id,
        name: call.name,
        args: parseArguments(call.arguments),
      });
    }
    const context = {
      userId: turn.userId,
      sessionId: turn.sessionId,
      turnId: turn.id,
      signal: turn.controller.signal,
    };
    const outcomes = await Promise.all(calls.map((call) => tools.run(call, context)));
    const results: ChatMessage[] = [];
    // Stored and announced in the order the model made the calls, whatever order they finished in.
    for (const outcome of outcomes) {
      const { call } = outcome;
      await this.deps.conversation.record(session, 'tool', outcome.content, { toolCallId: call.id });
      this.emit(turn, {
        type: 'tool_result',
        ...base,
        callId: call.id,
        ok: outcome.ok,
        summary: outcome.summary,
      });
      results.push({ role: 'tool', content: outcome.content, toolCallId: call.id });
    }
    return results;
  }

  /**
   * Ends a turn with `assistant_error`, storing what arrived as incomplete. Watchers always get an
   * end event, even when that last write fails too.
   */
  private async fail(
    turn: LocalTurn,
    session: Session,
    failure: ParleyError,
    text: string,
  ): Promise<Message | null> {
    let partial: Message | null = null;
    let reported = failure;
    if (text.length > 0) {
      try {
        partial = await this.deps.conversation.recordAnswer(session, text, {
          status: 'incomplete',
        });
      } catch (error) {
        this.deps.logger.error({ err: error, sessionId: session.id }, 'storing the partial answer failed');
        reported = toParleyError(error);
      }
    }
    this.emit(turn, {
      type: 'assistant_error',
      sessionId: session.id,
      turnId: turn.id,
      error: { code: reported.code, message: reported.message },
      message: partial,
    });
    return partial;
  }

  /** Queues the jobs registered `on` this point of the turn; each starts once `ready` settles. */
  private afterTurn(
    on: AfterTurnJob['on'],
    context: Omit<AfterTurnContext, 'signal'>,
    ready: Promise<void> = Promise.resolve(),
  ): void {
    for (const job of this.deps.afterTurn) {
      if (job.on !== on) continue;
      try {
        if (job.when && !job.when(context)) continue;
      } catch (error) {
        this.deps.logger.warn(
          { err: error, job: job.name, sessionId: context.session.id },
          'after-turn check failed',
        );
        continue;
      }
      this.deps.jobs.enqueue({
        name: job.name,
        sessionId: context.session.id,
        key: `${job.name}:${context.session.id}`,
        run: async (signal) => {
          await ready;
          await job.run({ ...context, signal });
        },
      });
    }
  }
}
