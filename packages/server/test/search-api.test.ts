import type { ChatRequestBody, ReplySpec, SearchReplySpec } from '@parley/llm-stub';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, collectTurn, eventually, next } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const SALARY_PAGE = {
  title: 'Senior Go Engineer salaries in Berlin',
  url: 'https://pay.example.com/go/berlin',
  content: 'Senior Go engineers in Berlin earn €85k–€105k; Kubernetes and PostgreSQL are common asks.',
  score: 0.9,
};
const DOWN: SearchReplySpec = { status: 500 };

async function newSession(token: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return res.body.data.session.id;
}

/** Sends one message over REST and waits for its answer and after-turn work (the profile). */
async function describeRole(token: string, sessionId: string, content: string): Promise<void> {
  await request(t.url)
    .post(`/api/v1/sessions/${sessionId}/messages`)
    .auth(token, { type: 'bearer' })
    .send({ content })
    .expect(201);
  await t.parley.chat.idle(sessionId);
}

/**
 * The model's side of a searching turn: first it calls `web_search`; once the tool result is in the
 * prompt it answers citing the first URL it was given (or saying search failed).
 */
function searchingModel(req: ChatRequestBody): ReplySpec {
  const tool = req.messages?.at(-1);
  if (tool?.role !== 'tool') {
    return {
      toolCalls: [
        { id: 'call_1', name: 'web_search', arguments: { intent: 'market', query: 'Go salary Berlin' } },
      ],
    };
  }
  const url = /https?:\/\/\S+/.exec(String(tool.content))?.[0];
  return {
    text: url ? `Pay data: ${url}` : 'Search is unavailable right now, so from experience…',
    chunkCount: 2,
  };
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

async function streamTurn(token: string, sessionId: string, content: string): Promise<SseEvent[]> {
  const res = await fetch(`${t.url}/api/v1/sessions/${sessionId}/messages`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'text/event-stream',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ content }),
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) };
    });
}

describe('search over HTTP and the socket', () => {
  it('searches from the profile, announces the run to the room, lists it and keeps a result', async () => {
    t = await startTestServer({ search: true });
    const { token } = await t.login();
    const sessionId = await newSession(token);
    await describeRole(token, sessionId, 'Senior Go engineer in Berlin, full-time, must know Kubernetes.');
    const socket = await t.socket(token);
    await call(socket, 'join_session', { sessionId });
    const announced = next(socket, 'search_results');
    t.stub.scriptSearch(() => ({ results: [SALARY_PAGE] }));

    const res = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(token, { type: 'bearer' })
      .send({ intent: 'market' })
      .expect(200);
    const search = res.body.data.search;
    expect(search).toMatchObject({
      sessionId,
      intent: 'market',
      fromCache: false,
      degraded: false,
      stale: false,
    });
    expect(search.queries.join(' ')).toMatch(/Go/);
    expect(search.results[0]).toMatchObject({
      url: SALARY_PAGE.url,
      reasons: { matched: expect.arrayContaining(['Go', 'Kubernetes', 'Berlin']) },
    });
    expect(await announced).toEqual({ sessionId, search });

    const again = await call(socket, 'search', { sessionId, intent: 'market' });
    expect(again).toMatchObject({ ok: true, data: { search: { fromCache: true, degraded: false } } });
    const searches = await request(t.url)
      .get(`/api/v1/sessions/${sessionId}/searches`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(searches.body.data.searches).toHaveLength(2);
    const metrics = await t.server.metrics.registry.metrics();
    expect(metrics).toMatch(/parley_search_requests_total\{provider="tavily",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/parley_search_cache_lookups_total\{result="hit"\} [1-9]/);
    expect(metrics).toContain('parley_search_answers_total{quality="fresh"} 1');
    expect(metrics).toContain('parley_search_answers_total{quality="cached"} 1');

    const keep = () =>
      request(t.url)
        .post(`/api/v1/sessions/${sessionId}/searches/${search.id}/keep`)
        .auth(token, { type: 'bearer' })
        .send({ url: `${SALARY_PAGE.url}?utm_source=newsletter` });
    const kept = await keep().expect(200);
    expect(kept.body.data.kept).toMatchObject({ url: SALARY_PAGE.url, title: SALARY_PAGE.title });
    await keep().expect(200);
    const list = await request(t.url)
      .get(`/api/v1/sessions/${sessionId}/searches/kept`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(list.body.data.kept).toHaveLength(1);
    const unknown = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/searches/${search.id}/keep`)
      .auth(token, { type: 'bearer' })
      .send({ url: 'https://elsewhere.example.com/' })
      .expect(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 200 degraded when the provider is down, and names bad input', async () => {
    t = await startTestServer({ search: true });
    const { token } = await t.login();
    const sessionId = await newSession(token);
    t.stub.scriptSearch(Array.from({ length: 20 }, () => DOWN));
    const res = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(token, { type: 'bearer' })
      .send({ query: 'senior Go engineer salary Berlin' })
      .expect(200);
    expect(res.body.data.search).toMatchObject({
      intent: 'general',
      results: [],
      degraded: true,
      stale: false,
      reason: expect.any(String),
    });
    const bad = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(token, { type: 'bearer' })
      .send({ intent: 'gossip' })
      .expect(422);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'intent' } });
    const empty = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(token, { type: 'bearer' })
      .send({})
      .expect(422);
    expect(empty.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'query' } });
  });

  it('answers 200 stale with the last cached results when the provider fails after the cache TTL', async () => {
    t = await startTestServer({ search: true, config: { search: { cacheTtl: '10m' } } });
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    t.stub.scriptSearch(() => ({ results: [SALARY_PAGE] }));
    const fresh = await call(socket, 'search', { sessionId, query: 'Go salary Berlin' });
    expect(fresh).toMatchObject({ ok: true, data: { search: { stale: false, degraded: false } } });

    t.clock.advance(11 * 60_000);
    t.stub.scriptSearch(Array.from({ length: 20 }, () => DOWN));
    const res = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(token, { type: 'bearer' })
      .send({ query: 'Go salary Berlin' })
      .expect(200);
    expect(res.body.data.search).toMatchObject({
      stale: true,
      degraded: false,
      results: [{ url: SALARY_PAGE.url, reasons: { stale: true } }],
      reason: expect.any(String),
    });
  });

  it('cancels the search when the REST client goes away, storing nothing', async () => {
    t = await startTestServer({ search: true });
    const { token, userId } = await t.login();
    const sessionId = await newSession(token);
    t.stub.scriptSearch({ delayMs: 30_000 });
    const search = t.parley.search.search.bind(t.parley.search);
    let running: Promise<unknown> | undefined;
    vi.spyOn(t.parley.search, 'search').mockImplementation((...args) => {
      const promise = search(...args);
      running = promise.catch((error: unknown) => error);
      return promise;
    });
    const client = new AbortController();
    const answer = fetch(`${t.url}/api/v1/sessions/${sessionId}/search`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'Go salary Berlin' }),
      signal: client.signal,
    });
    await eventually(async () => (t.stub.requests.some((r) => r.path === '/search') ? true : undefined));
    client.abort();
    await expect(answer).rejects.toThrow();
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    expect(await t.parley.search.list(userId, sessionId)).toEqual([]);
  });

  it('answers SEARCH_NOT_CONFIGURED (503) without a key, and the model is not offered web_search', async () => {
    t = await startTestServer();
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const res = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(token, { type: 'bearer' })
      .send({ query: 'Go salary Berlin' })
      .expect(503);
    expect(res.body.error).toMatchObject({
      code: 'SEARCH_NOT_CONFIGURED',
      details: { key: 'TAVILY_API_KEY' },
    });
    const socket = await t.socket(token);
    expect(await call(socket, 'search', { sessionId, query: 'Go salary Berlin' })).toMatchObject({
      ok: false,
      error: { code: 'SEARCH_NOT_CONFIGURED' },
    });
    await describeRole(token, sessionId, 'A Go engineer');
    const chat = t.stub.requests.map((r) => r.body as ChatRequestBody).filter((b) => b.stream === true);
    expect(chat.flatMap((b) => b.tools ?? [])).toEqual([]);
  });
});

describe('web_search in a streamed chat turn', () => {
  it('calls web_search against the stub and answers citing a result (socket)', async () => {
    t = await startTestServer({ search: true });
    t.answer(searchingModel);
    t.stub.scriptSearch(() => ({ results: [SALARY_PAGE] }));
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    await call(socket, 'join_session', { sessionId });
    const announced = next(socket, 'search_results');
    const toolCall = next(socket, 'tool_call');
    const toolResult = next(socket, 'tool_result');
    const turn = collectTurn(socket);
    await call(socket, 'send_message', { sessionId, content: 'What do senior Go engineers earn in Berlin?' });
    const { events, text } = await turn;

    expect(events).toEqual(expect.arrayContaining(['tool_call', 'tool_result']));
    expect(events.indexOf('tool_call')).toBeLessThan(events.indexOf('tool_result'));
    expect(events.at(-1)).toBe('assistant_end');
    expect(await toolCall).toMatchObject({
      sessionId,
      name: 'web_search',
      args: { intent: 'market', query: 'Go salary Berlin' },
    });
    expect(await toolResult).toMatchObject({
      sessionId,
      ok: true,
      summary: expect.stringMatching(/^web_search market/),
    });
    expect(text).toBe(`Pay data: ${SALARY_PAGE.url}`);
    expect((await announced).search.results[0]!.url).toBe(SALARY_PAGE.url);
    const searchRequests = t.stub.requests.filter((r) => r.path === '/search');
    expect(searchRequests.length).toBeGreaterThan(0);
  });

  it('streams tool_call and tool_result over SSE, and still answers when search is down', async () => {
    t = await startTestServer({ search: true });
    t.answer(searchingModel);
    const { token } = await t.login();
    const sessionId = await newSession(token);

    t.stub.scriptSearch(() => ({ results: [SALARY_PAGE] }));
    let events = await streamTurn(token, sessionId, 'What do senior Go engineers earn in Berlin?');
    expect(events.map((e) => e.event)).toEqual([
      'message_received',
      'assistant_start',
      'tool_call',
      'tool_result',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_end',
    ]);
    expect(events[2]!.data).toMatchObject({ name: 'web_search' });
    expect(events.at(-1)!.data).toMatchObject({ message: { content: `Pay data: ${SALARY_PAGE.url}` } });

    await t.parley.chat.idle(sessionId);
    t.stub.scriptSearch(Array.from({ length: 20 }, () => DOWN));
    t.answer((req) =>
      req.messages?.at(-1)?.role === 'tool'
        ? searchingModel(req)
        : { toolCalls: [{ id: 'call_2', name: 'web_search', arguments: { query: 'Go pay Munich' } }] },
    );
    events = await streamTurn(token, sessionId, 'And in Munich?');
    const result = events.find((e) => e.event === 'tool_result')!;
    expect(result.data).toMatchObject({ ok: true, summary: expect.stringMatching(/degraded/) });
    expect(events.at(-1)).toMatchObject({
      event: 'assistant_end',
      data: {
        message: { content: 'Search is unavailable right now, so from experience…', status: 'complete' },
      },
    });
    const runs = await request(t.url)
      .get(`/api/v1/sessions/${sessionId}/searches`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    const degraded = runs.body.data.searches.map((s: { degraded: boolean }) => s.degraded);
    expect(degraded.sort()).toEqual([false, true]);
  });
});
