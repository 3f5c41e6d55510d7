import type {
  ChatEvent,
  Message,
  RequirementsView,
  SearchIntent,
  SearchRun,
  Session,
  SessionEvent,
  UserEvent,
} from '@parley/core';
import type { ErrorBody } from '../errors/error-body.js';

/** A value as it arrives over JSON: dates become ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** A chat event as a socket or SSE payload: the ChatEvent without its `type` (the event name carries it). */
export type ChatEventPayload<T extends ChatEvent['type']> = Wire<
  Omit<Extract<ChatEvent, { type: T }>, 'type'>
>;

/** A session event as a socket payload: the SessionEvent without its `type`. */
export type SessionEventPayload<T extends SessionEvent['type']> = Wire<
  Omit<Extract<SessionEvent, { type: T }>, 'type'>
>;

/** Every acknowledgement: `{ ok: true, data }` or the same error body REST sends. */
export type AckResponse<T> = { ok: true; data: Wire<T> } | { ok: false; error: ErrorBody };
export type Ack<T> = (response: AckResponse<T>) => void;

export interface SessionRef {
  sessionId: string;
}
/**
 * `join_session`: the session, and optionally the running turn whose stream a reconnecting client
 * resumes from chunk `fromIndex` (the last index it saw + its `count`, or 0).
 */
export interface JoinSessionPayload {
  sessionId: string;
  resume?: { turnId: string; fromIndex: number };
}
export interface SendMessagePayload {
  sessionId: string;
  content: string;
}
/** `cancel_turn`: the turn to stop, as `send_message` acknowledged it. */
export interface CancelTurnPayload {
  sessionId: string;
  turnId: string;
}
export interface CancelledTurn {
  /** False when the turn had already ended (or never ran); a running turn is stopped on whichever process runs it. */
  cancelled: boolean;
}
export interface TypingPayload {
  sessionId: string;
  typing: boolean;
}
/** `join_session` answer: the session and its latest page of history, oldest first. */
export interface JoinedSession {
  session: Session;
  messages: Message[];
}
export interface AcceptedMessage {
  turnId: string;
  position: number;
}
/** `search`: an intent and/or words; without words the query comes from the session's profile. */
export interface SearchPayload {
  sessionId: string;
  intent?: SearchIntent;
  query?: string;
}
/** `search` answer: the stored run, ranked, possibly `stale` or `degraded` with a `reason`. */
export interface SearchAnswer {
  search: SearchRun;
}
export interface TypingNotice {
  sessionId: string;
  userId: string;
  typing: boolean;
}

/** Events a client may emit (R3.2); each is answered through its ack. */
export interface ClientToServerEvents {
  join_session(payload: JoinSessionPayload, ack: Ack<JoinedSession>): void;
  leave_session(payload: SessionRef, ack: Ack<SessionRef>): void;
  send_message(payload: SendMessagePayload, ack: Ack<AcceptedMessage>): void;
  /** Stops a running answer of the caller's (R3.4); it is stored as incomplete and ends with `CANCELLED`. */
  cancel_turn(payload: CancelTurnPayload, ack: Ack<CancelledTurn>): void;
  typing(payload: TypingPayload, ack?: Ack<SessionRef>): void;
  get_session_info(payload: SessionRef, ack: Ack<{ session: Session }>): void;
  /** The session's requirement profile, conflicts, questions and version (as `GET …/requirements`). */
  get_requirements(payload: SessionRef, ack: Ack<RequirementsView>): void;
  /** Runs a web search in the session (as `POST …/search`); the room also gets `search_results`. */
  search(payload: SearchPayload, ack: Ack<SearchAnswer>): void;
}

/** Events the server emits: chat events to the session's room, `typing` to the others, replies and errors. */
export interface ServerToClientEvents {
  message_received(payload: ChatEventPayload<'message_received'>): void;
  assistant_start(payload: ChatEventPayload<'assistant_start'>): void;
  /** One or more consecutive deltas: `text` joined, `index` the first delta's, `count` how many. */
  assistant_chunk(payload: ChatEventPayload<'assistant_chunk'> & { count: number }): void;
  tool_call(payload: ChatEventPayload<'tool_call'>): void;
  tool_result(payload: ChatEventPayload<'tool_result'>): void;
  assistant_end(payload: ChatEventPayload<'assistant_end'>): void;
  assistant_error(payload: ChatEventPayload<'assistant_error'>): void;
  /** To the session's room after every stored change of its requirement profile. */
  requirements_updated(payload: SessionEventPayload<'requirements_updated'>): void;
  /** To the session's room after every stored search run, whoever started it (user or model). */
  search_results(payload: SessionEventPayload<'search_results'>): void;
  /** To every socket of the user (room `user:{userId}`): a session of theirs changed (title, status). */
  session_updated(payload: Wire<Omit<Extract<UserEvent, { type: 'session_updated' }>, 'type'>>): void;
  typing(payload: TypingNotice): void;
  session_info(payload: Wire<{ session: Session }>): void;
  /** A failure with no ack to carry it (unknown event, event sent without an ack); `event` names the cause. */
  error(payload: ErrorBody & { event?: string }): void;
}

/** The room a session's events go to. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/** The room of every socket of one user; user events go there. */
export const userRoom = (userId: string): string => `user:${userId}`;
