import type { ClientErrorCode } from '@parley/client';
import type {
  ExportFormat,
  MemoryItem,
  Message,
  PlainProfile,
  ProfileField,
  RequirementsView,
  SearchIntent,
  SearchRun,
  Session,
  SessionStatus,
  UserContext,
} from '@parley/core';

/** How many of the newest messages a resumed or read-only session shows. */
export const HISTORY_SHOWN = 50;

/** How many sessions `/sessions`, `/resume` and the restore look at, most recently active first. */
export const SESSION_LIST_LIMIT = 20;

/** A session as the chat screen shows it. */
export type ChatSession = Pick<Session, 'id' | 'title' | 'status' | 'lastSeq' | 'lastActivityAt'>;

/** A stored message as the chat screen shows it. */
export type ChatMessage = Pick<Message, 'id' | 'seq' | 'role' | 'content' | 'status' | 'usage' | 'toolCalls'>;

/** A session with its most recent history, oldest message first. */
export interface SessionView {
  session: ChatSession;
  messages: ChatMessage[];
}

/** A user edit of the requirements: `set` fields (which locks them), `unlock` fields, against `version`. */
export interface RequirementsEdit {
  version: number;
  set?: PlainProfile;
  unlock?: ProfileField[];
}

/** The turn and session events the screen reacts to (the core's events, whichever side produced them). */
export type ChatBackendEvent =
  | ({ type: 'requirements_updated' } & RequirementsView)
  | { type: 'search_results'; search: SearchRun }
  | { type: 'message_received'; turnId: string; message: ChatMessage }
  | { type: 'assistant_start'; turnId: string }
  | { type: 'assistant_chunk'; turnId: string; text: string }
  | { type: 'tool_call'; turnId: string; callId: string; name: string; args: unknown }
  | { type: 'tool_result'; turnId: string; callId: string; ok: boolean; summary: string }
  | { type: 'assistant_end'; turnId: string; message: ChatMessage }
  | {
      type: 'assistant_error';
      turnId: string;
      /** The server's code, or the client's `SERVER_UNAVAILABLE` when the connection was lost. */
      error: { code: ClientErrorCode; message: string };
      message: ChatMessage | null;
    };

/**
 * Everything `parley chat` needs from Parley, so the Ink screens run the same over the in-process
 * core and over a remote server. Failures are ParleyErrors with the core's codes.
 */
export interface ChatBackend {
  /** `local` or the server URL, for the status line. */
  readonly where: string;
  /** The configured model when known up front (the server does not say; answers do). */
  readonly model: string | null;
  /** The user's sessions in one status, most recently active first. */
  sessions(status: SessionStatus): Promise<ChatSession[]>;
  /** Resumes a session (counts as activity) with its recent history; `SESSION_EXPIRED`/`SESSION_CLOSED` when it cannot take messages. */
  open(sessionId: string): Promise<SessionView>;
  /** A session's recent history in any status, without touching it (read-only display). */
  read(sessionId: string): Promise<SessionView>;
  create(): Promise<ChatSession>;
  /** Queues a message; the answer arrives as events. */
  send(sessionId: string, content: string): Promise<{ turnId: string }>;
  /** Stops a running answer (stored as incomplete, ending with `CANCELLED`). */
  cancel(sessionId: string, turnId: string): Promise<void>;
  /** The session's requirement profile, conflicts, questions and version. */
  requirements(sessionId: string): Promise<RequirementsView>;
  /** A user edit; a stale version is `VERSION_CONFLICT`. */
  updateRequirements(sessionId: string, edit: RequirementsEdit): Promise<RequirementsView>;
  /** Dismisses a clarifying question (its conflict, if any, is accepted). */
  dismissQuestion(sessionId: string, questionId: string): Promise<RequirementsView>;
  /** Runs a web search ranked against the profile; `SEARCH_NOT_CONFIGURED` when search is off. */
  search(sessionId: string, input: { intent?: SearchIntent; query?: string }): Promise<SearchRun>;
  /** The session's searches, newest first. */
  searches(sessionId: string): Promise<SearchRun[]>;
  /** Keeps one result of one of the session's searches. */
  keep(sessionId: string, searchId: string, url: string): Promise<void>;
  /** What Parley remembers about the user, oldest first, and whether personalization is on (R9.3). */
  memory(): Promise<UserContext>;
  /** Deletes one remembered item; `NOT_FOUND` when the user has no such item. */
  forgetMemory(id: string): Promise<void>;
  /** Switches learning and applying memory on or off; the items are kept either way. */
  setPersonalization(on: boolean): Promise<void>;
  /** Calls `listener` with each item Parley learns about the user (`memory_updated`, `learned`); returns the stop. */
  watchLearned(listener: (item: MemoryItem) => void): () => void;
  /** Watches a session's turns and session events; the returned function stops watching. */
  subscribe(sessionId: string, listener: (event: ChatBackendEvent) => void): () => void;
  export(sessionId: string, format: ExportFormat): Promise<string>;
  /** Stops any answer still running (stored as incomplete) and releases the connection or core. */
  close(): Promise<void>;
}
