import type { ContextSource } from '../../ports/context-source.js';
import type { Store } from '../../ports/store.js';
import type { AfterTurnJob } from '../chat/after-turn.js';
import { CONTEXT_ORDER } from '../chat/context-builder.js';
import type { RequirementsService, RequirementsView } from './requirements-service.js';
import { renderSessionBrief } from './session-brief.js';

/** Sessions whose last extracted message this process remembers; older ones start from the trigger. */
const REMEMBERED_SESSIONS = 10_000;
const PAGE = 50;
/** The fewest newest messages the extraction job reads in one go (without a model extractor too). */
const RECENT_MIN = 4;

/**
 * How requirement extraction plugs into the chat turn (R7.3–R7.5): an after-turn job that reads the
 * new user messages as soon as one is stored (coalesced per session by the job runner, so a burst is
 * one extraction), the "session brief" context source that gives the model the profile and at most
 * two questions to ask, and a job that marks those questions asked once an answer carried them.
 */
export function requirementsTurnParts(deps: { requirements: RequirementsService; store: Store }): {
  brief: ContextSource;
  jobs: AfterTurnJob[];
} {
  const extractedUpTo = new Map<string, number>();
  /** Questions each prompt put to the user, by `sessionId:seq` of the message it answers. */
  const briefed = new Map<string, string[]>();
  const bounded = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED_SESSIONS) map.delete(map.keys().next().value as string);
  };
  const remember = (sessionId: string, seq: number) => bounded(extractedUpTo, sessionId, seq);
  /** The newest user message each session's turns queued an extraction for. */
  const queuedUpTo = new Map<string, number>();

  const extract: AfterTurnJob = {
    name: 'extract-requirements',
    on: 'message',
    // Called for every turn, also one the runner folds into a run already waiting: that run then
    // knows that its own turn's history stops short of the newest message.
    when: ({ session, userMessage }) => (bounded(queuedUpTo, session.id, userMessage.seq), true),
    async run({ session, userMessage, history }) {
      const after = Math.max(extractedUpTo.get(session.id) ?? 0, userMessage.seq - 1);
      // One read serves both the model's transcript and the new messages when it reaches back to
      // `after` (a message or two since the last run); a longer burst reads the new ones on their own.
      // The turn's prompt has read the newest page up to its message: a run for that turn alone
      // takes it from there, a run other turns were folded into reads the store.
      const size = deps.requirements.transcriptSize;
      const limit = Math.max(size, RECENT_MIN);
      const recent =
        history && queuedUpTo.get(session.id) === userMessage.seq
          ? (await history.pageBefore(userMessage.seq + 1)).slice(0, limit)
          : await deps.store.messages.page(session.id, { limit, order: 'desc' });
      const reaches = recent.length < limit || recent.some((m) => m.seq <= after + 1);
      const messages = reaches
        ? recent.filter((m) => m.seq > after).sort((a, b) => a.seq - b.seq)
        : await deps.store.messages.page(session.id, { after, limit: PAGE, order: 'asc' });
      const last = messages.at(-1);
      if (!last) return;
      const transcript = [...recent].sort((a, b) => b.seq - a.seq).slice(0, size);
      await deps.requirements.extract({ session, messages, ...(size > 0 ? { recent: transcript } : {}) });
      remember(session.id, last.seq);
    },
  };

  const brief: ContextSource<RequirementsView> = {
    name: 'brief',
    order: CONTEXT_ORDER.brief,
    budgetShare: 0.15,
    prepare: ({ sessionId }) => deps.requirements.forTurn(sessionId),
    async build({ sessionId, userMessage, countTokens, prepared }) {
      const view = await (prepared ?? deps.requirements.forTurn(sessionId));
      const { text, questionIds } = renderSessionBrief(view);
      if (questionIds.length > 0) bounded(briefed, `${sessionId}:${userMessage.seq}`, questionIds);
      if (text === '') return null;
      return { messages: [{ role: 'system', content: text }], tokens: countTokens(text) + 4 };
    },
  };

  const asked: AfterTurnJob = {
    name: 'mark-questions-asked',
    on: 'answer',
    when: ({ session, userMessage }) => briefed.has(`${session.id}:${userMessage.seq}`),
    async run({ session, userMessage, answer }) {
      const key = `${session.id}:${userMessage.seq}`;
      const ids = briefed.get(key) ?? [];
      briefed.delete(key);
      if (answer !== null) await deps.requirements.markAsked(session, ids);
    },
  };

  return { brief, jobs: [extract, asked] };
}
