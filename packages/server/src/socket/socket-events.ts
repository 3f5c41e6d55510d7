import { ParleyError, type Parley, type User } from '@parley/core';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import { searchRequest, searchSession } from '../search-session.js';
import { resumeTurn } from './resume-turn.js';
import type { RoomRelay } from './room-relay.js';
import { sessionRoom } from './socket-protocol.js';

/** What a socket event handler sees. */
export interface SocketContext {
  parley: Parley;
  socket: Socket;
  user: User;
  relay: RoomRelay;
  historyLimit: number;
  /** Runs `task` once this event's ack was sent (what must reach the client after its answer). */
  afterAck(task: () => void): void;
}

interface SocketEventSpec<P> {
  schema: z.ZodType<P>;
  handle(ctx: SocketContext, payload: P): Promise<unknown>;
}

/** One incoming event: its payload schema and the handler calling the core; the result becomes the ack's `data`. */
export interface SocketEvent {
  run(ctx: SocketContext, payload: unknown): Promise<unknown>;
}

function defineEvent<P>(spec: SocketEventSpec<P>): SocketEvent {
  return { run: async (ctx, payload) => spec.handle(ctx, parseInput(spec.schema, payload)) };
}

const sessionId = z.string().min(1).max(64);
const sessionRef = z.object({ sessionId });
/** Largest chunk index a resume may ask for; far beyond any answer's chunk count. */
const MAX_CHUNK_INDEX = 1_000_000;
const resume = z.object({
  turnId: z.string().min(1).max(64),
  fromIndex: z.number().int().min(0).max(MAX_CHUNK_INDEX),
});
const notJoined = () => new ParleyError('SESSION_NOT_FOUND', 'Join the session first.');

/** Every event a client may send (R3.2), declared once; anything else is `VALIDATION_FAILED`. */
export const SOCKET_EVENTS: Readonly<Record<string, SocketEvent>> = {
  join_session: defineEvent({
    schema: sessionRef.extend({ resume: resume.optional() }),
    async handle(ctx, { sessionId, resume }) {
      const { parley, user, socket, relay, historyLimit } = ctx;
      const session = await parley.sessions.touch(user.id, sessionId);
      const join = () => relay.join(socket, sessionId);
      // A resumed turn is looked up before the history is read: if it is over, its answer is stored.
      const resumed = resume ? await resumeTurn(ctx, sessionId, resume, join) : undefined;
      const page = await parley.conversation
        .history(user.id, sessionId, { limit: historyLimit, order: 'desc' })
        .catch((error: unknown) => {
          resumed?.cancel();
          throw error;
        });
      if (resumed) ctx.afterAck(() => resumed.start());
      else await join();
      return { session, messages: page.messages.reverse() };
    },
  }),
  leave_session: defineEvent({
    schema: sessionRef,
    async handle({ parley, user, socket, relay }, { sessionId }) {
      await relay.leave(socket, sessionId);
      try {
        await parley.sessions.touch(user.id, sessionId);
      } catch (error) {
        if (!ParleyError.is(error, 'SESSION_EXPIRED', 'SESSION_CLOSED')) throw error;
      }
      return { sessionId };
    },
  }),
  send_message: defineEvent({
    schema: z.object({ sessionId, content: z.string() }),
    async handle({ parley, user, socket, relay }, { sessionId, content }) {
      const joined = relay.isMember(socket.id, sessionId);
      if (!joined) {
        await parley.sessions.get(user.id, sessionId);
        await relay.join(socket, sessionId);
      }
      try {
        const turn = await parley.chat.send({ userId: user.id, sessionId, content });
        return { turnId: turn.id, position: turn.position };
      } catch (error) {
        if (!joined) await relay.leave(socket, sessionId);
        throw error;
      }
    },
  }),
  cancel_turn: defineEvent({
    schema: z.object({ sessionId, turnId: z.string().min(1).max(64) }),
    async handle({ parley, user }, { sessionId, turnId }) {
      return { cancelled: await parley.chat.cancel({ userId: user.id, sessionId, turnId }) };
    },
  }),
  typing: defineEvent({
    schema: z.object({ sessionId, typing: z.boolean() }),
    async handle({ user, socket, relay }, { sessionId, typing }) {
      if (!relay.isMember(socket.id, sessionId)) throw notJoined();
      socket.to(sessionRoom(sessionId)).emit('typing', { sessionId, userId: user.id, typing });
      return { sessionId };
    },
  }),
  get_session_info: defineEvent({
    schema: sessionRef,
    async handle({ parley, user, socket }, { sessionId }) {
      const session = await parley.sessions.get(user.id, sessionId);
      socket.emit('session_info', { session });
      return { session };
    },
  }),
  get_requirements: defineEvent({
    schema: sessionRef,
    async handle({ parley, user }, { sessionId }) {
      return parley.requirements.get(user.id, sessionId);
    },
  }),
  search: defineEvent({
    schema: searchRequest.extend({ sessionId }),
    async handle({ parley, user }, { sessionId, ...request }) {
      return { search: await searchSession(parley, { userId: user.id, sessionId, request }) };
    },
  }),
};
