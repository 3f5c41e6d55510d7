import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ClientPayload,
  ClientToServerEvents,
  ServerToClientEvents,
  WireSession,
} from '@parley/protocol';
import { Server } from 'socket.io';
import { afterAll, describe, expect, it } from 'vitest';
import { createParleyClient } from '../src/index.js';
import { eventsOf } from './support.js';

const session: WireSession = {
  id: 's1',
  userId: 'u1',
  title: null,
  status: 'active',
  lastSeq: 0,
  createdAt: new Date(0).toISOString(),
  lastActivityAt: new Date(0).toISOString(),
  closedAt: null,
};
const turn = { sessionId: 's1', turnId: 't1' };

/**
 * A server that streams two chunks, drops the connection, and on the re-join replays from the
 * index asked for (as a server with resumable streams does), repeating one chunk the client saw.
 */
async function startResumingServer() {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const resumes: ClientPayload<'join_session'>['resume'][] = [];
  io.on('connection', (socket) => {
    socket.on('send_message', (_payload, ack) => {
      ack({ ok: true, data: { turnId: 't1', position: 0 } });
      socket.emit('assistant_start', turn);
      socket.emit('assistant_chunk', { ...turn, index: 0, text: 'Hel' });
      socket.emit('assistant_chunk', { ...turn, index: 1, text: 'lo' });
      setImmediate(() => socket.conn.close());
    });
    socket.on('join_session', ({ resume }, ack) => {
      resumes.push(resume);
      ack({ ok: true, data: { session, messages: [], resumed: resume !== undefined } });
      socket.emit('assistant_chunk', { ...turn, index: 1, text: 'lo' });
      socket.emit('assistant_chunk', { ...turn, index: 2, text: ', world', count: 2 });
      socket.emit('assistant_chunk', { ...turn, index: 4, text: '!' });
      socket.emit('assistant_end', { ...turn, message: null as never });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    resumes,
    close: () => new Promise((resolve) => io.close(resolve)),
  };
}

describe('a turn whose socket drops, on a server that resumes streams', () => {
  let server: Awaited<ReturnType<typeof startResumingServer>>;
  afterAll(async () => server?.close());

  it('re-joins from the last index seen + 1 and its events continue without repeats', async () => {
    server = await startResumingServer();
    const client = createParleyClient({
      baseUrl: server.url,
      socket: { transports: ['websocket'], reconnectionDelay: 10, reconnectionDelayMax: 20 },
    });
    const sent = await client.send('s1', 'hello');
    const events = await eventsOf(sent);
    expect(server.resumes).toEqual([{ turnId: 't1', fromIndex: 2 }]);
    expect(events.map((e) => (e.type === 'assistant_chunk' ? e.text : e.type))).toEqual([
      'assistant_start',
      'Hel',
      'lo',
      ', world',
      '!',
      'assistant_end',
    ]);
    client.close();
  });
});
