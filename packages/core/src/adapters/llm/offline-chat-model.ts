import { setImmediate as nextTick } from 'node:timers/promises';
import { emptyRequirementsState } from '../../domain/requirements/requirements-state.js';
import { ParleyError } from '../../errors/parley-error.js';
import type {
  ChatMessage,
  ChatModel,
  JsonRequest,
  StreamEvent,
  StreamRequest,
} from '../../ports/chat-model.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { TokenCounter } from '../../ports/token-counter.js';
import {
  DEFAULT_REQUIREMENTS_POLICY,
  evaluateRequirements,
  type RequirementsPolicy,
} from '../../services/requirements/evaluate-requirements.js';
import { intakeReply, readMessage } from '../../services/requirements/offline/intake-reply.js';
import { readOfflineState } from '../../services/requirements/offline/offline-state.js';
import { createRuleExtractor } from '../../services/requirements/rule-extractor.js';

/** The model name the offline intake reports in every answer (`done.model`, stored usage, status line). */
export const OFFLINE_MODEL = 'parley-offline';
/** Title of a session whose first message named no role. */
export const OFFLINE_FALLBACK_TITLE = 'Hiring intake';
const WORDS_PER_CHUNK = 3;
const offlineModels = new WeakSet<ChatModel>();

/** Whether `model` is the offline intake, so the core can leave out work that needs a real model. */
export function isOfflineChatModel(model: ChatModel): boolean {
  return offlineModels.has(model);
}

/**
 * The offline intake (issue 15): a ChatModel with no endpoint that takes a recruiter through a
 * hiring intake with the rule extractor. It reads the session's stored requirements from the
 * `offline-state` message in the prompt (see `offlineStateSource`), applies its own reading of the
 * last user message (extraction runs in parallel with the answer), and answers from templates.
 * Without that message it replays the prompt's user messages itself.
 *
 * @example
 * const parley = await createParley({ config: { llm: { mode: 'offline' } } });
 */
export function createOfflineChatModel(
  deps: { policy?: RequirementsPolicy; clock?: Clock; tokens?: TokenCounter } = {},
): ChatModel {
  const policy = deps.policy ?? DEFAULT_REQUIREMENTS_POLICY;
  const clock = deps.clock ?? systemClock;
  const rules = createRuleExtractor();
  const count = (text: string) => deps.tokens?.count(text) ?? text.split(/\s+/).filter(Boolean).length;

  const answer = (messages: ChatMessage[]): string => {
    const at = clock.now();
    const users = messages.filter((m) => m.role === 'user');
    const last = users.at(-1);
    const stored = readOfflineState(messages);
    let before = stored?.state ?? evaluateRequirements(emptyRequirementsState(), policy, at);
    if (!stored)
      users.slice(0, -1).forEach((m, index) => {
        before = readMessage(before, { seq: index + 1, content: m.content }, { rules, policy, at }).state;
      });
    const lastIndex = last ? messages.lastIndexOf(last) : messages.length;
    const previousAnswer = messages
      .slice(0, lastIndex)
      .filter((m) => m.role === 'assistant')
      .at(-1)?.content;
    return intakeReply(
      {
        before,
        message: last && { seq: stored?.seq ?? users.length, content: last.content },
        previousAnswer,
        seed: stored?.sessionId ?? users[0]?.content ?? '',
        turn: users.length,
        policy,
        at,
      },
      rules,
    ).text;
  };

  const model: ChatModel = {
    async *stream(request: StreamRequest): AsyncIterable<StreamEvent> {
      const text = answer(request.messages);
      const chunks = text.match(new RegExp(`(?:\\S+\\s*){1,${WORDS_PER_CHUNK}}|\\s+`, 'g')) ?? [text];
      for (const chunk of chunks) {
        await nextTick();
        if (request.signal?.aborted) throw request.signal.reason;
        yield { type: 'delta', text: chunk };
      }
      yield {
        type: 'done',
        model: OFFLINE_MODEL,
        usage: {
          promptTokens: count(request.messages.map((m) => m.content).join('\n')),
          completionTokens: count(text),
        },
        finishReason: 'stop',
        toolCalls: [],
      };
    },

    /** Answers the session-title request from the role title; anything else needs a real model. */
    async completeJson<T>(request: JsonRequest<T>) {
      const asked = request.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      const question = /^User: ([\s\S]*?)(?:\nAssistant: [\s\S]*)?$/.exec(asked)?.[1] ?? asked;
      const parsed = request.schema.safeParse({
        title: rules.extract(question, clock.now()).title ?? OFFLINE_FALLBACK_TITLE,
      });
      if (!parsed.success)
        throw new ParleyError(
          'LLM_NOT_CONFIGURED',
          `The offline intake cannot produce a ${request.name}; configure a model for it.`,
        );
      return { value: parsed.data, model: OFFLINE_MODEL, usage: { promptTokens: 0, completionTokens: 0 } };
    },

    async ping() {},
  };
  offlineModels.add(model);
  return model;
}
