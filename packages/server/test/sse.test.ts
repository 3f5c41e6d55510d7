import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) };
    });
}

async function setup(): Promise<{ token: string; userId: string; sessionId: string }> {
  const { token, userId } = await t.login();
  const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return { token, userId, sessionId: res.body.data.session.id };
}

describe('SSE chat route', () => {
  beforeEach(async () => {
    t = await startTestServer();
  });

  /** Sends a message asking for the answer as Server-Sent Events. */
  const postStreaming = (token: string, sessionId: string, content: string, signal?: AbortSignal) =>
    fetch(`${t.url}/api/v1/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'text/event-stream',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ content }),
      signal,
    });
  afterEach(async () => {
    await t.close();
  });

  it('streams the turn as Server-Sent Events and stores the same answer', async () => {
    const { token, sessionId } = await setup();
    t.answer({ text: 'Which city is the role in?', chunkCount: 3 });
    const res = await postStreaming(token, sessionId, 'A designer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_received',
      'assistant_start',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_end',
    ]);
    const chunks = events.filter((e) => e.event === 'assistant_chunk').map((e) => e.data.text);
    expect(chunks.join('')).toBe('Which city is the role in?');
    expect(events[0]!.data).toMatchObject({ sessionId, message: { role: 'user', content: 'A designer' } });
    expect(events.at(-1)!.data).toMatchObject({
      message: { content: 'Which city is the role in?', status: 'complete' },
    });
    expect(events[0]!.data).not.toHaveProperty('type');
  });

  it('answers a rejected message with a JSON error, not a stream', async () => {
    const { token, sessionId } = await setup();
    const res = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/messages`)
      .auth(token, { type: 'bearer' })
      .set('Accept', 'text/event-stream')
      .send({ content: '   ' })
      .expect(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('stops the answer when the SSE client disconnects and stores what arrived as incomplete', async () => {
    const { token, userId, sessionId } = await setup();
    t.answer({ text: 'one two three four five six seven eight', chunkCount: 8, chunkDelayMs: 50 });
    const controller = new AbortController();
    const res = await postStreaming(token, sessionId, 'stop me', controller.signal);
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('event: assistant_chunk'))
      seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();

    const answer = await eventually(async () => {
      const page = await t.parley.conversation.history(userId, sessionId);
      return page.messages.find((m) => m.role === 'assistant');
    });
    expect(answer.status).toBe('incomplete');
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.content.length).toBeLessThan('one two three four five six seven eight'.length);
  });
});
