import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, collectTurn } from '../support/socket-helpers.js';
import { startTestServer, type ClientSocket, type TestServer } from '../support/test-server.js';
import { gate } from './support/gate.js';
import { recordEvents } from './support/remote-client.js';
import { postStreaming } from './support/sse-reader.js';

const TWENTY_WORDS = Array.from({ length: 20 }, (_, i) => `word${i} `).join('');
const FIRST_THREE = 'word0 word1 word2 ';
const FIRST_FIVE = 'word0 word1 word2 word3 word4 ';

describe('the model or the client fails mid-answer, through the server (issue 13, R3.4, R10.2)', () => {
  let t: TestServer;
  let token: string;
  let sessionId: string;
  let socket: ClientSocket;
  const bearer = { type: 'bearer' } as const;

  beforeEach(async () => {
    t = await startTestServer({ config: { retrieval: { enabled: false, embeddings: 'off' } } });
    ({ token } = await t.login());
    sessionId = (await request(t.url).post('/api/v1/sessions').auth(token, bearer).expect(201)).body.data
      .session.id;
    socket = await t.socket(token);
    expect(await call(socket, 'join_session', { sessionId })).toMatchObject({ ok: true });
  });
  afterEach(async () => {
    await t.close();
  });

  const stored = async () =>
    (
      await request(t.url)
        .get(`/api/v1/sessions/${sessionId}/messages?order=asc`)
        .auth(token, bearer)
        .expect(200)
    ).body.data.messages.map((m: { role: string; content: string; status: string }) => [
      m.role,
      m.content,
      m.status,
    ]);

  it('a model connection dropped mid-stream: the socket gets assistant_error with the partial answer, stored incomplete', async () => {
    t.answer({ text: TWENTY_WORDS, dropAfterChunks: 5 });
    const turn = collectTurn(socket);
    expect(await call(socket, 'send_message', { sessionId, content: 'go' })).toMatchObject({ ok: true });
    const { events, text, end } = await turn;
    expect(text).toBe(FIRST_FIVE);
    expect(events.at(-1)).toBe('assistant_error');
    expect(end).toMatchObject({
      error: { code: 'LLM_UNAVAILABLE' },
      message: { role: 'assistant', content: FIRST_FIVE, status: 'incomplete' },
    });
    expect(await stored()).toEqual([
      ['user', 'go', 'complete'],
      ['assistant', FIRST_FIVE, 'incomplete'],
    ]);
  });

  it('a model connection dropped mid-stream: the SSE response ends with assistant_error and the partial answer', async () => {
    t.answer({ text: TWENTY_WORDS, dropAfterChunks: 5 });
    const sse = await postStreaming(t.url, token, sessionId, 'go');
    await sse.ended;
    const chunks = sse.events.filter((e) => e.event === 'assistant_chunk').map((e) => e.data.text);
    expect(chunks.join('')).toBe(FIRST_FIVE);
    expect(sse.events.at(-1)).toMatchObject({
      event: 'assistant_error',
      data: { error: { code: 'LLM_UNAVAILABLE' }, message: { content: FIRST_FIVE, status: 'incomplete' } },
    });
    expect(await stored()).toEqual([
      ['user', 'go', 'complete'],
      ['assistant', FIRST_FIVE, 'incomplete'],
    ]);
  });

  it('a socket that drops mid-answer does not stop it: the answer is stored complete and read after re-joining', async () => {
    const release = gate();
    t.answer({ text: TWENTY_WORDS, hold: { afterChunks: 3, until: release.opened } });
    const seen = recordEvents(socket);
    const sent = await call(socket, 'send_message', { sessionId, content: 'go' });
    if (!sent.ok) throw new Error(sent.error.message);
    await seen.waitFor((e) => e.name === 'assistant_chunk' && e.payload.index === 2);
    const done = new Promise((resolve) =>
      t.parley.chat.subscribe(sessionId, (event) => event.type === 'assistant_end' && resolve(event)),
    );
    socket.disconnect();

    release.open();
    await done;
    const again = await t.socket(token);
    const joined = await call(again, 'join_session', { sessionId });
    if (!joined.ok) throw new Error(joined.error.message);
    expect(joined.data.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'go', 'complete'],
      ['assistant', TWENTY_WORDS, 'complete'],
    ]);
  });

  it('a socket that re-joins while the answer still streams gets the rest live and the stored answer', async () => {
    const release = gate();
    t.answer({ text: TWENTY_WORDS, hold: { afterChunks: 3, until: release.opened } });
    const seen = recordEvents(socket);
    const sent = await call(socket, 'send_message', { sessionId, content: 'go' });
    if (!sent.ok) throw new Error(sent.error.message);
    await seen.waitFor((e) => e.name === 'assistant_chunk' && e.payload.index === 2);
    socket.disconnect();

    const again = await t.socket(token);
    const rest = collectTurn(again);
    const joined = await call(again, 'join_session', { sessionId });
    if (!joined.ok) throw new Error(joined.error.message);
    expect(joined.data.messages.map((m) => [m.role, m.content])).toEqual([['user', 'go']]);
    release.open();
    const { text, end } = await rest;
    expect(FIRST_THREE + text).toBe(TWENTY_WORDS);
    expect(end).toMatchObject({
      turnId: sent.data.turnId,
      message: { content: TWENTY_WORDS, status: 'complete' },
    });
    expect(await stored()).toEqual([
      ['user', 'go', 'complete'],
      ['assistant', TWENTY_WORDS, 'complete'],
    ]);
  });
});
