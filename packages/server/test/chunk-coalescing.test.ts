import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createChunkCoalescer } from '../src/socket/chunk-coalescer.js';
import { call } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const chunk = (turnId: string, index: number, text: string) =>
  ({ type: 'assistant_chunk', sessionId: 's', turnId, index, text }) as const;

describe('chunk coalescing', () => {
  it('sends a turn’s first chunk at once, joins the next ones, keeps order before other events and turns apart', () => {
    const sent: object[] = [];
    const coalescer = createChunkCoalescer(0, (event) => sent.push(event));
    coalescer.push(chunk('a', 0, 'one '));
    expect(sent).toEqual([
      { type: 'assistant_chunk', sessionId: 's', turnId: 'a', index: 0, text: 'one ', count: 1 },
    ]);
    coalescer.push(chunk('a', 1, 'two '));
    coalescer.push(chunk('a', 2, 'three '));
    coalescer.push(chunk('b', 0, 'other'));
    coalescer.push(chunk('b', 1, ' turn'));
    coalescer.push(chunk('b', 2, ' here'));
    coalescer.push({ type: 'assistant_end', sessionId: 's', turnId: 'b', message: null as never });
    expect(sent.slice(1)).toEqual([
      { type: 'assistant_chunk', sessionId: 's', turnId: 'a', index: 1, text: 'two three ', count: 2 },
      { type: 'assistant_chunk', sessionId: 's', turnId: 'b', index: 0, text: 'other', count: 1 },
      { type: 'assistant_chunk', sessionId: 's', turnId: 'b', index: 1, text: ' turn here', count: 2 },
      { type: 'assistant_end', sessionId: 's', turnId: 'b', message: null },
    ]);
  });

  it('sends every chunk alone with count 1 when off', () => {
    const sent: object[] = [];
    const coalescer = createChunkCoalescer(null, (event) => sent.push(event));
    coalescer.push(chunk('a', 0, 'x'));
    coalescer.push(chunk('a', 1, 'y'));
    expect(sent).toEqual([
      { type: 'assistant_chunk', sessionId: 's', turnId: 'a', index: 0, text: 'x', count: 1 },
      { type: 'assistant_chunk', sessionId: 's', turnId: 'a', index: 1, text: 'y', count: 1 },
    ]);
  });

  describe('over a socket', () => {
    let t: TestServer;
    afterEach(async () => {
      await t.close();
    });

    it('delivers every delta exactly once: indexes follow index + count and the text is the answer', async () => {
      t = await startTestServer({ config: { sockets: { chunkCoalesceMs: 0 } } });
      const { token } = await t.login();
      const created = await request(t.url)
        .post('/api/v1/sessions')
        .auth(token, { type: 'bearer' })
        .expect(201);
      const sessionId: string = created.body.data.session.id;
      const socket = await t.socket(token);
      await call(socket, 'join_session', { sessionId });
      const answer = 'alpha beta gamma delta epsilon zeta eta theta';
      t.answer({ text: answer, chunkCount: 8 });
      const chunks: Array<{ index: number; count: number; text: string }> = [];
      socket.on('assistant_chunk', ({ index, count = 1, text }) => chunks.push({ index, count, text }));
      const ended = new Promise((resolve) => socket.once('assistant_end', resolve));
      await call(socket, 'send_message', { sessionId, content: 'Which words?' });
      await ended;
      expect(chunks.map((c) => c.text).join('')).toBe(answer);
      expect(chunks.reduce((sum, c) => sum + c.count, 0)).toBe(8);
      chunks.forEach((c, i) =>
        expect(c.index).toBe(i === 0 ? 0 : chunks[i - 1]!.index + chunks[i - 1]!.count),
      );
    });
  });
});
