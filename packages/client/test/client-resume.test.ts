import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ClientPayload,
  ClientToServerEvents,
  ServerToClientEvents,
  WireMessage,
  WireSession,
} from '@parley/protocol';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { createParleyClient } from '../src/index.js';
import { eventsOf } from './support.js';

const at = new Date(0).toISOString();
const session: WireSession = {
  id: 's1',
  userId: 'u1',
  title: null,
  status: 'active',
  lastSeq: 0,
  keptResults: 0,
  summaryToSeq: 0,
  createdAt: at,
  lastActivityAt: at,
  closedAt: null,
};
const message = (seq: number, role: 'user' | 'assistant', content: string): WireMessage => ({
  id: `m${seq}`,
  sessionId: 's1',
  seq,
  role,
  content,
  tokenCount: 1,
  status: 'complete',
  usage: null,
  toolCalls: null,
  toolCallId: null,
  createdAt: at,
});
const turn = { sessionId: 's1', turnId: 't1' };
const question = message(1, 'user', 'hello');
const answer = message(2, 'assistant', 'Hello, world!');

/**
 * A server that streams two chunks and drops the connection. On the re-join it replays as a server
 * with resumable streams does (`resumes`: the turn's first events again, then the chunks from
 * `fromIndex`, one the client saw repeated), answers that the turn already ended (`over`: nothing
 * more, the stored answer in the history), or goes on live past chunks the client missed (`forgets`).
 */
async function startDroppingServer(mode: 'resumes' | 'over' | 'forgets') {
  const over = mode === 'over';
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const resumes: ClientPayload<'join_session'>['resume'][] = [];
  io.on('connection', (socket) => {
    socket.on('send_message', (_payload, ack) => {
      ack({ ok: true, data: { turnId: 't1', position: 0 } });
      socket.emit('message_received', { ...turn, message: question });
      socket.emit('assistant_start', turn);
      socket.emit('assistant_chunk', { ...turn, index: 0, text: 'Hel' });
      socket.emit('assistant_chunk', { ...turn, index: 1, text: 'lo' });
      setImmediate(() => socket.conn.close());
    });
    socket.on('join_session', ({ resume }, ack) => {
      resumes.push(resume);
      ack({ ok: true, data: { session, messages: over ? [question, answer] : [question] } });
      if (over) return;
      if (mode === 'forgets') {
        // A server without resumable streams: the room's live chunks go on where they are.
        socket.emit('assistant_chunk', { ...turn, index: 3, text: 'ld' });
        return;
      }
      socket.emit('message_received', { ...turn, message: question });
      socket.emit('assistant_start', turn);
      socket.emit('assistant_chunk', { ...turn, index: 1, text: 'lo' });
      socket.emit('assistant_chunk', { ...turn, index: 2, text: ', world', count: 2 });
      socket.emit('assistant_chunk', { ...turn, index: 4, text: '!' });
      socket.emit('assistant_end', { ...turn, message: answer });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    resumes,
    close: () => new Promise((resolve) => io.close(resolve)),
  };
}

describe('a turn whose socket drops', () => {
  let server: Awaited<ReturnType<typeof startDroppingServer>> | undefined;
  afterEach(async () => server?.close());
  const clientOf = (url: string) =>
    createParleyClient({
      baseUrl: url,
      socket: { transports: ['websocket'], reconnectionDelay: 10, reconnectionDelayMax: 20 },
    });

  it('re-joins from the last index seen + 1; on a server that resumes, its events continue once each', async () => {
    server = await startDroppingServer('resumes');
    const client = clientOf(server.url);
    const events = await eventsOf(await client.send('s1', 'hello'));
    expect(server.resumes).toEqual([{ turnId: 't1', fromIndex: 2 }]);
    expect(events.map((e) => (e.type === 'assistant_chunk' ? e.text : e.type))).toEqual([
      'message_received',
      'assistant_start',
      'Hel',
      'lo',
      ', world',
      '!',
      'assistant_end',
    ]);
    client.close();
  });

  it('ends with the stored answer when the turn ended while the connection was down', async () => {
    server = await startDroppingServer('over');
    const client = clientOf(server.url);
    const sent = await client.send('s1', 'hello');
    const events = await eventsOf(sent);
    expect(events.map((e) => e.type)).toEqual([
      'message_received',
      'assistant_start',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_end',
    ]);
    expect(await sent.done).toEqual(answer);
    client.close();
  });

  it('ends with SERVER_UNAVAILABLE when the server goes on past chunks it missed', async () => {
    server = await startDroppingServer('forgets');
    const client = clientOf(server.url);
    const sent = await client.send('s1', 'hello');
    const events = await eventsOf(sent);
    expect(events.at(-1)).toMatchObject({
      type: 'assistant_error',
      error: { code: 'SERVER_UNAVAILABLE', message: expect.stringMatching(/could not resume/) },
    });
    expect(events.filter((e) => e.type === 'assistant_chunk')).toHaveLength(2);
    expect(await sent.done).toBeNull();
    client.close();
  });
});
