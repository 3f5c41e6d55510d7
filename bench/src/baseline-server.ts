import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Started } from './serve-parent.js';
import { streamCompletion } from './stream-completion.js';

/**
 * The baseline: a bare Socket.IO server that answers `send_message` like Parley does on the wire
 * (ack, `message_received`, `assistant_start`, one `assistant_chunk` per LLM chunk, `assistant_end`)
 * with no auth, no storage, no context building and no limits. Given a Redis URL it runs the
 * Socket.IO Redis adapter, so against Parley on PostgreSQL + Redis both sides pay the cluster plumbing.
 */
export async function startBaselineServer(llmUrl: string, redisUrl?: string): Promise<Started> {
  const httpServer = createServer();
  const io = new Server(httpServer);
  const redis = redisUrl ? [new Redis(redisUrl), new Redis(redisUrl)] : [];
  if (redis.length === 2) {
    io.adapter(createAdapter(redis[0], redis[1], { key: `parley-bench-relay-${process.pid}` }));
  }
  io.on('connection', (socket) => {
    socket.on('join_session', (payload: { sessionId: string }, ack: (response: unknown) => void) => {
      void socket.join(payload.sessionId);
      ack({ ok: true, data: { session: { id: payload.sessionId }, messages: [] } });
    });
    socket.on(
      'send_message',
      (payload: { sessionId: string; content: string }, ack: (response: unknown) => void) => {
        const { sessionId, content } = payload;
        const turnId = randomUUID();
        ack({ ok: true, data: { turnId, position: 0 } });
        const room = io.to(sessionId);
        room.emit('message_received', { sessionId, turnId, message: { role: 'user', content } });
        room.emit('assistant_start', { sessionId, turnId });
        const relay = async () => {
          const parts: string[] = [];
          for await (const text of streamCompletion(llmUrl, [{ role: 'user', content }])) {
            room.emit('assistant_chunk', { sessionId, turnId, index: parts.length, text });
            parts.push(text);
          }
          room.emit('assistant_end', {
            sessionId,
            turnId,
            message: { role: 'assistant', content: parts.join('') },
          });
        };
        relay().catch((error: unknown) =>
          room.emit('assistant_error', {
            sessionId,
            turnId,
            error: { code: 'INTERNAL', message: String(error) },
          }),
        );
      },
    );
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await io.close();
      httpServer.closeAllConnections();
      for (const client of redis) client.disconnect();
    },
  };
}
