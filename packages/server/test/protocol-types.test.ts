import type {
  ChatEvent,
  KeptResult,
  MemoryItem,
  Message,
  RequirementsVersion,
  SearchRun,
  Session,
  SessionEvent,
  User,
  UserEvent,
} from '@parley/core';
import type {
  ServerPayload,
  WireKeptResult,
  WireMemoryItem,
  WireMessage,
  WireRequirementsVersion,
  WireSearchRun,
  WireSession,
  WireUser,
} from '@parley/protocol';
import type { Server } from 'socket.io';
import { describe, expectTypeOf, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, Wire } from '../src/index.js';

type Payload<E extends { type: string }> = Wire<Omit<E, 'type'>>;
type Each<U extends { type: string }> = { [T in U['type']]: Payload<Extract<U, { type: T }>> };

// Type tests: `tsc` (pnpm run typecheck) fails when a line marked @ts-expect-error compiles.
describe('the protocol types the server', () => {
  it('describes the core values exactly as they travel over JSON', () => {
    expectTypeOf<Wire<User>>().toEqualTypeOf<WireUser>();
    expectTypeOf<Wire<Session>>().toEqualTypeOf<WireSession>();
    expectTypeOf<Wire<Message>>().toEqualTypeOf<WireMessage>();
    expectTypeOf<Wire<MemoryItem>>().toEqualTypeOf<WireMemoryItem>();
    expectTypeOf<Wire<SearchRun>>().toEqualTypeOf<WireSearchRun>();
    expectTypeOf<Wire<KeptResult>>().toEqualTypeOf<WireKeptResult>();
    expectTypeOf<Wire<RequirementsVersion>>().toExtend<WireRequirementsVersion>();
  });

  it('declares a payload for every event the core emits, which the core event fits', () => {
    const fits = <E extends keyof ServerToClientEvents>(_: Record<E, ServerPayload<E>>) => undefined;
    fits({} as Each<ChatEvent>);
    fits({} as Each<SessionEvent>);
    fits({} as Each<UserEvent>);
  });

  it('refuses a wrong event name or payload on a typed Socket.IO server', () => {
    const io = {} as Server<ClientToServerEvents, ServerToClientEvents>;
    const emit = () => {
      io.to('session:1').emit('typing', { sessionId: '1', userId: 'u', typing: true });
      // @ts-expect-error not an event the server sends
      io.to('session:1').emit('assistant_chunks', { sessionId: '1' });
      // @ts-expect-error `text` is a string
      io.to('session:1').emit('assistant_chunk', { sessionId: '1', turnId: 't', index: 0, text: 1 });
      io.on('connection', (socket) => {
        socket.on('send_message', (payload, ack) => {
          expectTypeOf(payload.content).toBeString();
          ack({ ok: true, data: { turnId: 't', position: 0 } });
          // @ts-expect-error the ack carries `turnId` and `position`
          ack({ ok: true, data: { id: 't' } });
        });
        // @ts-expect-error not an event a client sends
        socket.on('send_messages', () => undefined);
      });
    };
    expectTypeOf(emit).toBeFunction();
  });
});
