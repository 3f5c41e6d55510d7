import { CHAT_EVENT_TYPES } from '@parley/core';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from './support/socket-helpers.js';
import { recordEvents, type Received } from './support/event-log.js';
import { chunkIndexes, stubGate, type WireChunk } from './support/stub-gate.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;

async function newSession(token: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return res.body.data.session.id;
}

const chunksOf = (events: Received[]) =>
  events
    .filter((event) => event.name === 'assistant_chunk')
    .map((event) => event.payload as unknown as WireChunk);
const chatEvents = (events: Received[]) =>
  events.filter((event) => (CHAT_EVENT_TYPES as readonly string[]).includes(event.name));
const ended = (events: Received[]) => events.some((event) => event.name === 'assistant_end');

describe('resumable streams over Socket.IO', () => {
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('a socket that joins with resume gets the missed chunks after its ack, then the rest live, each once', async () => {
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const first = await t.socket(token);
    await call(first, 'join_session', { sessionId });
    const gate = stubGate();
    t.answer({ text: 'c0 c1 c2 c3 c4 c5', chunkCount: 6, beforeChunk: gate.beforeChunk });
    const firstLog = recordEvents(first);
    const ack = await call(first, 'send_message', { sessionId, content: 'Hiring a Go engineer' });
    const turnId = ack.ok ? ack.data.turnId : '';
    gate.open(3);
    await firstLog.until((events) => chunksOf(events).length === 3);

    const second = await t.socket(token);
    const secondLog = recordEvents(second);
    const joined = await new Promise((resolve) =>
      second.emit('join_session', { sessionId, resume: { turnId, fromIndex: 1 } }, (answer) => {
        secondLog.seen.push({ name: '(ack)', payload: {} });
        resolve(answer);
      }),
    );
    expect(joined).toMatchObject({ ok: true, data: { session: { id: sessionId } } });
    await secondLog.until((events) => chunksOf(events).length === 2);
    expect(secondLog.seen[0]?.name).toBe('(ack)');
    gate.open(6);
    await secondLog.until(ended);

    expect(chunkIndexes(chunksOf(secondLog.seen))).toEqual([1, 2, 3, 4, 5]);
    expect(chunksOf(secondLog.seen).every((chunk) => chunk.turnId === turnId)).toBe(true);
    const end = secondLog.named('assistant_end')[0] as { message: { content: string; status: string } };
    expect(end.message).toMatchObject({ content: 'c0 c1 c2 c3 c4 c5', status: 'complete' });
    expect(secondLog.named('assistant_end')).toHaveLength(1);
    await firstLog.until(ended);
    expect(chunkIndexes(chunksOf(firstLog.seen))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a resume of a turn that is over sends nothing more: its stored answer is in the messages', async () => {
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const first = await t.socket(token);
    await call(first, 'join_session', { sessionId });
    t.answer({ text: 'All done here', chunkCount: 3 });
    const firstLog = recordEvents(first);
    const ack = await call(first, 'send_message', { sessionId, content: 'Hello' });
    await firstLog.until(ended);
    const turnId = ack.ok ? ack.data.turnId : '';

    const second = await t.socket(token);
    const secondLog = recordEvents(second);
    const joined = await call(second, 'join_session', { sessionId, resume: { turnId, fromIndex: 1 } });
    expect(joined.ok && joined.data.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Hello'],
      ['assistant', 'All done here'],
    ]);
    // A round trip after the ack: anything the resume sent would have arrived before it.
    await call(second, 'get_session_info', { sessionId });
    expect(chatEvents(secondLog.seen)).toEqual([]);
  });

  it("never streams a turn of another user's session to a resuming socket", async () => {
    const owner = await t.login();
    const intruder = await t.login();
    const ownerSession = await newSession(owner.token);
    const intruderSession = await newSession(intruder.token);
    const ownerSocket = await t.socket(owner.token);
    await call(ownerSocket, 'join_session', { sessionId: ownerSession });
    const gate = stubGate();
    t.answer({ text: 'secret plan ahead', chunkCount: 3, beforeChunk: gate.beforeChunk });
    const ownerLog = recordEvents(ownerSocket);
    const ack = await call(ownerSocket, 'send_message', { sessionId: ownerSession, content: 'private' });
    const turnId = ack.ok ? ack.data.turnId : '';
    gate.open(1);
    await ownerLog.until((events) => chunksOf(events).length === 1);

    const spy = await t.socket(intruder.token);
    const spyLog = recordEvents(spy);
    const joined = await call(spy, 'join_session', {
      sessionId: intruderSession,
      resume: { turnId, fromIndex: 0 },
    });
    expect(joined.ok).toBe(true);
    gate.open(3);
    await ownerLog.until(ended);
    await call(spy, 'get_session_info', { sessionId: intruderSession });
    expect(chatEvents(spyLog.seen)).toEqual([]);
  });

  it('refuses a bad resume with VALIDATION_FAILED, joining nothing and storing nothing', async () => {
    const { token, userId } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    const bad: Array<[unknown, string]> = [
      [{ turnId: 't', fromIndex: -1 }, 'resume.fromIndex'],
      [{ turnId: 't', fromIndex: 1.5 }, 'resume.fromIndex'],
      [{ turnId: 't', fromIndex: '3' }, 'resume.fromIndex'],
      [{ turnId: 't', fromIndex: 2_000_000 }, 'resume.fromIndex'],
      [{ fromIndex: 0 }, 'resume.turnId'],
      [{ turnId: '', fromIndex: 0 }, 'resume.turnId'],
      [{ turnId: 'x'.repeat(65), fromIndex: 0 }, 'resume.turnId'],
      ['turn-1', 'resume'],
    ];
    for (const [resume, field] of bad) {
      const answer = await call(socket, 'join_session', { sessionId, resume } as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field } } });
    }
    expect(await call(socket, 'typing', { sessionId, typing: true })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_FOUND' },
    });
    const history = await t.parley.conversation.history(userId, sessionId, { order: 'asc' });
    expect(history.messages).toEqual([]);
  });
});
