import * as z from 'zod';
import { errorBodySchema, type ErrorBody } from './error-body.js';
import { searchRequestSchema } from './rest-routes.js';
import {
  MEMORY_CHANGES,
  memoryItemSchema,
  messageSchema,
  requirementsViewSchema,
  searchRunSchema,
  sessionSchema,
} from './wire-values.js';

const sessionId = z.string().min(1).max(64);
const turnId = z.string().min(1).max(64);
const sessionRef = z.object({ sessionId });

/** An event a client emits: its payload and the `data` of its successful ack. */
export interface ClientEventContract {
  summary: string;
  payload: z.ZodType;
  ack: z.ZodType;
}

const clientEvent = <const E extends ClientEventContract>(contract: E): E => contract;

/** Where a resumed turn continues: the first chunk index the client has not seen. */
export const resumePointSchema = z.object({ turnId, fromIndex: z.number().int().min(0) });

/** Every event a client may emit (R3.2), each answered through its ack; anything else is VALIDATION_FAILED. */
export const CLIENT_EVENTS = {
  join_session: clientEvent({
    summary:
      'Join the session room; with `resume`, the server replays the turn from `fromIndex` and answers `resumed: true`',
    payload: sessionRef.extend({ resume: resumePointSchema.optional() }),
    ack: z.object({
      session: sessionSchema,
      /** The latest page of history, oldest first. */
      messages: z.array(messageSchema),
      /** True when the server replays (and keeps streaming) the turn named in `resume`. */
      resumed: z.boolean().optional(),
    }),
  }),
  leave_session: clientEvent({ summary: 'Leave the session room', payload: sessionRef, ack: sessionRef }),
  send_message: clientEvent({
    summary: 'Send a message; the answer streams to the room',
    payload: sessionRef.extend({ content: z.string() }),
    ack: z.object({ turnId: z.string(), position: z.number().int() }),
  }),
  cancel_turn: clientEvent({
    summary: 'Stop a running answer of the caller (stored as incomplete, ends with CANCELLED)',
    payload: sessionRef.extend({ turnId }),
    ack: z.object({ cancelled: z.boolean() }),
  }),
  typing: clientEvent({
    summary: 'Tell the others in the room the user is typing',
    payload: sessionRef.extend({ typing: z.boolean() }),
    ack: sessionRef,
  }),
  get_session_info: clientEvent({
    summary: 'The session (also sent as `session_info`)',
    payload: sessionRef,
    ack: z.object({ session: sessionSchema }),
  }),
  get_requirements: clientEvent({
    summary: "The session's requirement profile, conflicts, questions and version",
    payload: sessionRef,
    ack: requirementsViewSchema,
  }),
  search: clientEvent({
    summary: 'Run a web search in the session; the room also gets `search_results`',
    payload: searchRequestSchema.extend({ sessionId }),
    ack: z.object({ search: searchRunSchema }),
  }),
} as const;

const turnEvent = z.object({ sessionId: z.string(), turnId: z.string() });

/** Every event the server emits: turn events to `session:{id}`, session and user events, replies and errors. */
export const SERVER_EVENTS = {
  message_received: turnEvent.extend({ message: messageSchema }),
  assistant_start: turnEvent,
  /** `index` is the first delta's index; `count` how many deltas `text` joins (default 1). */
  assistant_chunk: turnEvent.extend({
    index: z.number().int(),
    text: z.string(),
    count: z.number().int().min(1).optional(),
  }),
  tool_call: turnEvent.extend({ callId: z.string(), name: z.string(), args: z.unknown() }),
  tool_result: turnEvent.extend({ callId: z.string(), ok: z.boolean(), summary: z.string() }),
  assistant_end: turnEvent.extend({ message: messageSchema }),
  assistant_error: turnEvent.extend({ error: errorBodySchema, message: messageSchema.nullable() }),
  requirements_updated: requirementsViewSchema.extend({ sessionId: z.string() }),
  search_results: z.object({ sessionId: z.string(), search: searchRunSchema }),
  session_updated: z.object({ userId: z.string(), session: sessionSchema }),
  memory_updated: z.object({
    userId: z.string(),
    change: z.enum(MEMORY_CHANGES),
    item: memoryItemSchema.nullable(),
    personalization: z.boolean(),
  }),
  typing: z.object({ sessionId: z.string(), userId: z.string(), typing: z.boolean() }),
  session_info: z.object({ session: sessionSchema }),
  /** A failure with no ack to carry it (unknown event, event sent without an ack); `event` names the cause. */
  error: errorBodySchema.extend({ event: z.string().optional() }),
} as const;

/** The turn events, in the order a turn sends them; `assistant_end` or `assistant_error` ends it. */
export const TURN_EVENTS = [
  'message_received',
  'assistant_start',
  'assistant_chunk',
  'tool_call',
  'tool_result',
  'assistant_end',
  'assistant_error',
] as const satisfies readonly (keyof typeof SERVER_EVENTS)[];

export type ClientEventName = keyof typeof CLIENT_EVENTS;
export type ServerEventName = keyof typeof SERVER_EVENTS;
export type TurnEventName = (typeof TURN_EVENTS)[number];

/** An event's payload as the client sends it. */
export type ClientPayload<E extends ClientEventName> = z.input<(typeof CLIENT_EVENTS)[E]['payload']>;
/** The `data` of an event's successful ack. */
export type AckData<E extends ClientEventName> = z.output<(typeof CLIENT_EVENTS)[E]['ack']>;
/** A server event's payload. */
export type ServerPayload<E extends ServerEventName> = z.output<(typeof SERVER_EVENTS)[E]>;

/** Every acknowledgement: `{ ok: true, data }` or the same error body REST sends. */
export type AckResponse<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type Ack<T> = (response: AckResponse<T>) => void;

/** The client → server event map for `Server<ClientToServerEvents, ServerToClientEvents>` and `Socket`. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: Ack<AckData<E>>) => void;
};

/** The server → client event map. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerPayload<E>) => void;
};

/** A turn event with its name in `type`, as a client's turn iterates them. */
export type TurnEvent = { [E in TurnEventName]: { type: E } & ServerPayload<E> }[TurnEventName];

/** The room a session's events go to. */
export const sessionRoom = (id: string): string => `session:${id}`;

/** The room of every socket of one user; user events go there. */
export const userRoom = (userId: string): string => `user:${userId}`;
