import { ParleyError, type Parley, type User } from '@parley/core';
import { CLIENT_EVENTS, sessionRoom, type AckData, type ClientEventName } from '@parley/protocol';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import { searchSession } from '../search-session.js';
import type { RoomRelay } from './room-relay.js';
import { wire, type ClientToServerEvents, type ServerToClientEvents } from './socket-protocol.js';

/** What a socket event handler sees. */
export interface SocketContext {
  parley: Parley;
  socket: Socket<ClientToServerEvents, ServerToClientEvents>;
  user: User;
  relay: RoomRelay;
  historyLimit: number;
}

/** One incoming event: its payload schema and the handler calling the core; the result becomes the ack's `data`. */
export interface SocketEvent {
  run(ctx: SocketContext, payload: unknown): Promise<unknown>;
}

/** Binds an event of the protocol to its handler; the payload is parsed with the protocol's schema. */
function defineEvent<E extends ClientEventName>(
  event: E,
  handle: (ctx: SocketContext, payload: Payload<E>) => Promise<AckData<E>>,
): SocketEvent {
  const schema = CLIENT_EVENTS[event].payload as unknown as z.ZodType<Payload<E>>;
  return { run: async (ctx, payload) => handle(ctx, parseInput(schema, payload)) };
}

type Payload<E extends ClientEventName> = z.output<(typeof CLIENT_EVENTS)[E]['payload']>;

const notJoined = () => new ParleyError('SESSION_NOT_FOUND', 'Join the session first.');

/** The handler of every event a client may send (R3.2); anything else is `VALIDATION_FAILED`. */
export const SOCKET_EVENTS: Readonly<Record<ClientEventName, SocketEvent>> = {
  join_session: defineEvent(
    'join_session',
    async ({ parley, user, socket, relay, historyLimit }, { sessionId }) => {
      const session = await parley.sessions.touch(user.id, sessionId);
      const page = await parley.conversation.history(user.id, sessionId, {
        limit: historyLimit,
        order: 'desc',
      });
      await relay.join(socket, sessionId);
      return wire({ session, messages: page.messages.reverse() });
    },
  ),
  leave_session: defineEvent('leave_session', async ({ parley, user, socket, relay }, { sessionId }) => {
    await relay.leave(socket, sessionId);
    try {
      await parley.sessions.touch(user.id, sessionId);
    } catch (error) {
      if (!ParleyError.is(error, 'SESSION_EXPIRED', 'SESSION_CLOSED')) throw error;
    }
    return { sessionId };
  }),
  send_message: defineEvent(
    'send_message',
    async ({ parley, user, socket, relay }, { sessionId, content }) => {
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
  ),
  cancel_turn: defineEvent('cancel_turn', async ({ parley, user }, { sessionId, turnId }) => {
    return { cancelled: await parley.chat.cancel({ userId: user.id, sessionId, turnId }) };
  }),
  typing: defineEvent('typing', async ({ user, socket, relay }, { sessionId, typing }) => {
    if (!relay.isMember(socket.id, sessionId)) throw notJoined();
    socket.to(sessionRoom(sessionId)).emit('typing', { sessionId, userId: user.id, typing });
    return { sessionId };
  }),
  get_session_info: defineEvent('get_session_info', async ({ parley, user, socket }, { sessionId }) => {
    const session = await parley.sessions.get(user.id, sessionId);
    socket.emit('session_info', wire({ session }));
    return wire({ session });
  }),
  get_requirements: defineEvent('get_requirements', async ({ parley, user }, { sessionId }) => {
    return wire(await parley.requirements.get(user.id, sessionId));
  }),
  search: defineEvent('search', async ({ parley, user }, { sessionId, ...request }) => {
    return wire({ search: await searchSession(parley, { userId: user.id, sessionId, request }) });
  }),
};
