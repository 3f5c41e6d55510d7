import type { ClientToServerEvents, ServerToClientEvents } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { describe, expectTypeOf, it } from 'vitest';
import { createParleyClient, type ClientTurnEvent, type WireSession } from '../src/index.js';

// Type tests: `tsc` (pnpm run typecheck) fails when a line marked @ts-expect-error compiles.
describe('the client is typed by the protocol', () => {
  const client = createParleyClient({ baseUrl: 'http://127.0.0.1:1' });

  it('types method inputs and answers', () => {
    expectTypeOf(client.sessions.get).returns.resolves.toEqualTypeOf<WireSession>();
    expectTypeOf(client.sessions.list)
      .parameter(0)
      .toEqualTypeOf<
        { status?: 'active' | 'expired' | 'closed'; limit?: number; offset?: number } | undefined
      >();
    const calls = () => {
      // @ts-expect-error `password` is required
      void client.auth.login({ email: 'a@example.com' });
      // @ts-expect-error not a session status
      void client.sessions.list({ status: 'archived' });
      // @ts-expect-error not a search intent
      void client.search.run('s', { intent: 'weather' });
      // @ts-expect-error not an export format
      void client.sessions.export('s', 'pdf');
    };
    expectTypeOf(calls).toBeFunction();
  });

  it('refuses a wrong server event name and types each payload', () => {
    const listen = () => {
      client.on('requirements_updated', (payload) => expectTypeOf(payload.version).toBeNumber());
      client.on('memory_updated', (payload) =>
        expectTypeOf(payload.change).toEqualTypeOf<
          'learned' | 'edited' | 'forgotten' | 'cleared' | 'personalization'
        >(),
      );
      // @ts-expect-error not an event the server sends
      client.on('requirement_updated', () => undefined);
      // @ts-expect-error `search_results` carries a search, not text
      client.on('search_results', (payload: { text: string }) => payload);
    };
    expectTypeOf(listen).toBeFunction();
  });

  it('narrows turn events by type', () => {
    const read = (event: ClientTurnEvent) => {
      if (event.type === 'assistant_chunk') expectTypeOf(event.text).toBeString();
      if (event.type === 'assistant_error') expectTypeOf(event.error.code).toExtend<string>();
      // @ts-expect-error not a turn event
      if (event.type === 'assistant_chunks') return;
    };
    expectTypeOf(read).toBeFunction();
  });

  it('refuses a wrong client event name or payload on a typed socket', () => {
    const emit = (socket: Socket<ServerToClientEvents, ClientToServerEvents>) => {
      socket.emit('send_message', { sessionId: 's', content: 'hi' }, () => undefined);
      // @ts-expect-error not an event a client sends
      socket.emit('send_messages', { sessionId: 's', content: 'hi' }, () => undefined);
      // @ts-expect-error `content` is required
      socket.emit('send_message', { sessionId: 's' }, () => undefined);
      const resume = { turnId: 't', fromIndex: '2' };
      // @ts-expect-error `fromIndex` is a number
      socket.emit('join_session', { sessionId: 's', resume }, () => undefined);
    };
    expectTypeOf(emit).toBeFunction();
  });
});
