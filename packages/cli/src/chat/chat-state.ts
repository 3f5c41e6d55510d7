import type { RequirementsView, SearchRun } from '@parley/core';
import { describeSearch } from './describe-search.js';
import type { ChatBackendEvent, ChatMessage, ChatSession, SessionView } from './chat-backend.js';

/** One line of the append-only transcript: a message, a notice, or a heading between sessions. */
export type TranscriptEntry =
  | { key: string; kind: 'message'; message: ChatMessage }
  | { key: string; kind: 'notice'; text: string; tone: 'info' | 'warn' | 'error' }
  | { key: string; kind: 'heading'; text: string };

/** An entry before it gets its key. */
type NewEntry = {
  [K in TranscriptEntry['kind']]: Omit<Extract<TranscriptEntry, { kind: K }>, 'key'>;
}[TranscriptEntry['kind']];

/** The chat screen's state; `answer` is the reply streaming in (empty text = waiting for the first token). */
export interface ChatState {
  session: ChatSession;
  entries: TranscriptEntry[];
  answer: { text: string } | null;
  tokens: number;
  model: string | null;
  nextKey: number;
  /** The session's requirements as last loaded or pushed; null until the first load. */
  requirements: RequirementsView | null;
  /** The requirements panel is shown beside the chat (Tab toggles it). */
  panel: boolean;
  /** The newest search shown, which `/keep n` refers to. */
  lastSearch: SearchRun | null;
}

export type ChatAction =
  | { type: 'event'; event: ChatBackendEvent }
  | { type: 'sending' }
  | { type: 'notice'; text: string; tone?: 'info' | 'warn' | 'error' }
  | { type: 'switch'; view: SessionView; heading: string }
  | { type: 'show'; view: SessionView; heading: string }
  | { type: 'requirements'; view: RequirementsView }
  | { type: 'search'; search: SearchRun }
  | { type: 'toggle_panel' };

/** Tokens a session's answers cost so far (prompt + completion), from their stored usage. */
export function tokensUsed(messages: ChatMessage[]): number {
  return messages.reduce(
    (sum, message) => sum + (message.usage ? message.usage.promptTokens + message.usage.completionTokens : 0),
    0,
  );
}

/** The model of the newest answer that names one. */
function lastModel(messages: ChatMessage[]): string | undefined {
  return messages.findLast((message) => message.usage?.model && message.usage.model !== 'unknown')?.usage
    ?.model;
}

/** State for a screen opening on `view`, with any entries shown before it (a read-only session). */
export function initialChatState(
  view: SessionView,
  model: string | null,
  before: ChatAction[] = [],
): ChatState {
  const empty: ChatState = {
    session: view.session,
    entries: [],
    answer: null,
    tokens: 0,
    model,
    nextKey: 0,
    requirements: null,
    panel: false,
    lastSearch: null,
  };
  const heading = view.messages.length > 0 ? 'Resumed session' : 'New session';
  return [...before, { type: 'switch', view, heading } as const].reduce(chatReducer, empty);
}

/** Applies a user action or a turn event; the transcript only ever grows (it is printed once, like a log). */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  const add = (...entries: NewEntry[]): Pick<ChatState, 'entries' | 'nextKey'> => ({
    entries: [
      ...state.entries,
      ...entries.map((entry, index) => ({ ...entry, key: `e${state.nextKey + index}` }) as TranscriptEntry),
    ],
    nextKey: state.nextKey + entries.length,
  });
  const messages = (view: SessionView) =>
    view.messages.map((message) => ({ kind: 'message' as const, message }));
  const headingFor = (text: string, view: SessionView) => ({
    kind: 'heading' as const,
    text: `${text} ${view.session.id.slice(0, 8)}${view.session.title ? ` · ${view.session.title}` : ''}`,
  });

  switch (action.type) {
    case 'sending':
      return { ...state, answer: { text: '' } };
    case 'notice':
      return { ...state, ...add({ kind: 'notice', text: action.text, tone: action.tone ?? 'info' }) };
    case 'show':
      return { ...state, ...add(headingFor(action.heading, action.view), ...messages(action.view)) };
    case 'switch':
      return {
        ...state,
        ...add(headingFor(action.heading, action.view), ...messages(action.view)),
        session: action.view.session,
        answer: null,
        tokens: tokensUsed(action.view.messages),
        model: lastModel(action.view.messages) ?? state.model,
        requirements: null,
        lastSearch: null,
      };
    case 'requirements':
      return withRequirements(state, action.view);
    case 'search':
      return withSearch(state, action.search, add);
    case 'toggle_panel':
      return { ...state, panel: !state.panel };
    case 'event':
      return applyEvent(state, action.event, add);
  }
}

function applyEvent(
  state: ChatState,
  event: ChatBackendEvent,
  add: (...entries: NewEntry[]) => Pick<ChatState, 'entries' | 'nextKey'>,
): ChatState {
  switch (event.type) {
    case 'requirements_updated': {
      const { profile, conflicts, questions, version } = event;
      return withRequirements(state, { profile, conflicts, questions, version });
    }
    case 'search_results':
      return withSearch(state, event.search, add);
    case 'message_received':
      return {
        ...state,
        ...add({ kind: 'message', message: event.message }),
        answer: state.answer ?? { text: '' },
      };
    case 'assistant_start':
      return { ...state, answer: state.answer ?? { text: '' } };
    case 'assistant_chunk':
      return { ...state, answer: { text: (state.answer?.text ?? '') + event.text } };
    case 'tool_call':
      return {
        ...state,
        ...add({ kind: 'notice', text: `… ${event.name} ${briefArgs(event.args)}`, tone: 'info' }),
      };
    case 'tool_result':
      return {
        ...state,
        ...add({
          kind: 'notice',
          text: `${event.ok ? '✓' : '✗'} ${event.summary}`,
          tone: event.ok ? 'info' : 'warn',
        }),
      };
    case 'assistant_end':
      return {
        ...state,
        ...add({ kind: 'message', message: event.message }),
        answer: null,
        tokens: state.tokens + tokensUsed([event.message]),
        model: lastModel([event.message]) ?? state.model,
      };
    case 'assistant_error': {
      const stopped = event.error.code === 'CANCELLED';
      const text = stopped
        ? 'Answer stopped; what arrived is kept as incomplete.'
        : `${event.error.code}: ${event.error.message}`;
      const partial = event.message ? [{ kind: 'message' as const, message: event.message }] : [];
      return {
        ...state,
        ...add(...partial, { kind: 'notice', text, tone: stopped ? 'warn' : 'error' }),
        answer: null,
      };
    }
  }
}

/** Newer requirements replace older ones; a late answer carrying an older version is ignored. */
function withRequirements(state: ChatState, view: RequirementsView): ChatState {
  if (state.requirements && state.requirements.version > view.version) return state;
  return { ...state, requirements: view };
}

/** Shows a search once: the command's answer and the `search_results` event carry the same run. */
function withSearch(
  state: ChatState,
  search: SearchRun,
  add: (...entries: NewEntry[]) => Pick<ChatState, 'entries' | 'nextKey'>,
): ChatState {
  if (state.lastSearch?.id === search.id) return state;
  const shown = describeSearch(search);
  return { ...state, ...add({ kind: 'notice', ...shown }), lastSearch: search };
}

/** A tool call's arguments on one short line. */
function briefArgs(args: unknown): string {
  const text = typeof args === 'string' ? args : JSON.stringify(args);
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}
