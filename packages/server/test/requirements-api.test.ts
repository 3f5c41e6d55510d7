import { toPlainProfile } from '@parley/core/requirements';
import { type RequirementProfile } from '@parley/core';
import type { ChatRequestBody, ReplySpec } from '@parley/llm-stub';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientSocket } from './support/test-server.js';
import { call, collectTurn } from './support/socket-helpers.js';
import { startTestServer, type TestServer, type TestServerOptions } from './support/test-server.js';

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const EXTRACTION_PROMPT = 'structured hiring requirement profile';
const BRIEF_ASK = 'In your answer, also ask the user';

const text = (content: unknown): string => (typeof content === 'string' ? content : JSON.stringify(content));
const isExtraction = (req: ChatRequestBody) =>
  (req.messages ?? []).some((m) => text(m.content).includes(EXTRACTION_PROMPT));

/** The messages an extraction request calls new, as `[seq N] user: …` lines. */
function newMessages(req: ChatRequestBody): string {
  const prompt = text(req.messages?.at(-1)?.content);
  const seqs = /New messages: seq ([\d, ]+)\./.exec(prompt)?.[1]?.split(', ') ?? [];
  return prompt
    .split('\n')
    .filter((line) => seqs.some((seq) => line.startsWith(`[seq ${seq}] `)))
    .join('\n');
}

/** A model extractor that reads only the team (which the rules leave alone), citing its message. */
function teamReadingModel(req: ChatRequestBody): string {
  if (!isExtraction(req)) return JSON.stringify({ title: 'Hiring a backend engineer' });
  const lines = newMessages(req);
  const seq = /\[seq (\d+)\][^\n]*platform team/.exec(lines)?.[1];
  return JSON.stringify(
    seq ? { profile: { team: 'Platform' }, cites: { team: Number(seq) }, conflicts: [] } : { profile: {} },
  );
}

/** Every JSON-output request fails: HTTP 500 for some, malformed JSON for the rest. */
function failingModel(req: ChatRequestBody): ReplySpec {
  return text(req.messages?.at(-1)?.content).includes('[seq 1]') ? { status: 500 } : { malformed: true };
}

/** The chat answer: the questions the brief put to the user, asked back; otherwise a fixed line. */
function askingAnswer(req: ChatRequestBody): ReplySpec {
  const brief = (req.messages ?? []).map((m) => text(m.content)).find((c) => c.includes(BRIEF_ASK));
  const asked = brief
    ?.split(BRIEF_ASK)[1]
    ?.split('\n')
    .filter((line) => /^\d+\. /.test(line))
    .map((line) => line.replace(/^\d+\. /, ''));
  return { text: asked?.length ? `Noted. ${asked.join(' ')}` : 'Noted.', chunkCount: 3 };
}

async function newSession(token: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return res.body.data.session.id;
}

async function requirementsOf(token: string, sessionId: string) {
  const res = await request(t.url)
    .get(`/api/v1/sessions/${sessionId}/requirements`)
    .auth(token, { type: 'bearer' })
    .expect(200);
  return res.body.data as {
    profile: RequirementProfile;
    conflicts: Array<{ id: string; rule: string; state: string }>;
    questions: Array<{ id: string; kind: string; conflictId?: string; text: string; state: string }>;
    version: number;
  };
}

/** Sends one message over the socket, waits for its answer and for the extraction it started. */
async function say(socket: ClientSocket, sessionId: string, content: string) {
  const turn = collectTurn(socket);
  const ack = await call(socket, 'send_message', { sessionId, content });
  expect(ack.ok).toBe(true);
  const result = await turn;
  expect(result.events.at(-1)).toBe('assistant_end');
  await t.parley.chat.idle(sessionId);
  return result;
}

const CONVERSATION = [
  "We're hiring a junior backend engineer in Berlin for the platform team, full-time. Must know Go and PostgreSQL.",
  'They need 10+ years of experience.',
  'Anything else you need from me?',
  'Sorry, I meant senior: 10+ years is right.',
];

/** Runs the hiring conversation over the socket and checks what every model setting must give. */
async function hiringConversation(options: TestServerOptions) {
  t = await startTestServer(options);
  t.answer(askingAnswer);
  const { token } = await t.login();
  const sessionId = await newSession(token);
  const socket = await t.socket(token);
  await call(socket, 'join_session', { sessionId });
  const updates: Array<{ version: number }> = [];
  socket.on('requirements_updated', (payload) => updates.push(payload));

  const first = await say(socket, sessionId, CONVERSATION[0]!);
  let view = await requirementsOf(token, sessionId);
  expect(toPlainProfile(view.profile)).toMatchObject({
    title: 'Backend Engineer',
    seniority: 'junior',
    employmentType: ['full_time'],
    mustHaveSkills: [{ name: 'Go' }, { name: 'PostgreSQL' }],
    locations: ['Berlin'],
  });
  expect(view.conflicts.filter((c) => c.state === 'open')).toEqual([]);
  expect(first.text).toMatch(/^Noted\./);

  await say(socket, sessionId, CONVERSATION[1]!);
  view = await requirementsOf(token, sessionId);
  expect(toPlainProfile(view.profile)).toMatchObject({ seniority: 'junior', experience: { min: 10 } });
  const conflict = view.conflicts.find((c) => c.state === 'open');
  expect(conflict).toBeDefined();
  const question = view.questions.find((q) => q.conflictId === conflict!.id)!;
  expect(question).toMatchObject({ kind: 'conflict', state: 'open' });

  const prompts = t.stub.requests.length;
  const third = await say(socket, sessionId, CONVERSATION[2]!);
  const chatPrompt = t.stub.requests
    .slice(prompts)
    .map((r) => r.body as ChatRequestBody)
    .find((body) => body.stream === true && !isExtraction(body))!;
  const brief = chatPrompt.messages!.map((m) => text(m.content)).find((c) => c.includes(BRIEF_ASK));
  expect(brief).toContain(question.text);
  expect(third.text).toContain(question.text);
  view = await requirementsOf(token, sessionId);
  expect(view.questions.find((q) => q.id === question.id)?.state).toBe('asked');

  await say(socket, sessionId, CONVERSATION[3]!);
  view = await requirementsOf(token, sessionId);
  expect(toPlainProfile(view.profile)).toMatchObject({ seniority: 'senior', experience: { min: 10 } });
  expect(view.conflicts.find((c) => c.id === conflict!.id)?.state).toBe('resolved');
  expect(view.questions.find((q) => q.id === question.id)?.state).toBe('answered');

  const versions = await request(t.url)
    .get(`/api/v1/sessions/${sessionId}/requirements/versions`)
    .auth(token, { type: 'bearer' })
    .expect(200);
  const list = versions.body.data.versions as Array<{ version: number; reason: string }>;
  expect(list.map((v) => v.version)).toEqual(list.map((_, i) => i + 1));
  expect(list.at(-1)!.version).toBe(view.version);
  expect(list.map((v) => v.reason)).toEqual(
    expect.arrayContaining([
      'extracted from message 1',
      'extracted from message 3',
      'extracted from message 7',
    ]),
  );
  expect(updates.map((u) => u.version)).toEqual(list.map((v) => v.version));
  return { view, token, sessionId };
}

describe('requirements over HTTP and the socket', () => {
  it('keeps the profile of a scripted hiring conversation: a conflict is asked about and closed', async () => {
    const { view } = await hiringConversation({ json: teamReadingModel });
    const team = (view.profile as unknown as { team?: { value: string; provenance: { source: string } } })
      .team;
    expect(team).toMatchObject({ value: 'Platform', provenance: { source: 'model', seq: 1 } });
  });

  it('keeps the same core fields with the rules alone when every extraction request fails', async () => {
    const { view } = await hiringConversation({
      json: (req) => (isExtraction(req) ? failingModel(req) : JSON.stringify({ title: 'Hiring' })),
      config: { llm: { retryBudgetMs: 0 } },
    });
    expect(toPlainProfile(view.profile)).not.toHaveProperty('team');
    const sources = new Set(
      Object.values(view.profile as Record<string, unknown>)
        .flatMap((entry) => (Array.isArray(entry) ? entry : [entry]))
        .map((entry) => (entry as { provenance?: { source: string } } | undefined)?.provenance?.source)
        .filter(Boolean),
    );
    expect([...sources]).toEqual(['rule']);
    const failed = t.stub.requests.filter((r) => isExtraction(r.body as ChatRequestBody));
    expect(failed.length).toBeGreaterThanOrEqual(CONVERSATION.length);
  });
});

/** Sends one message over REST, waits for the answer and the extraction it started. */
async function post(token: string, sessionId: string, content: string): Promise<void> {
  await request(t.url)
    .post(`/api/v1/sessions/${sessionId}/messages`)
    .auth(token, { type: 'bearer' })
    .send({ content })
    .expect(201);
  await t.parley.chat.idle(sessionId);
}

function patch(token: string, sessionId: string, body: unknown) {
  return request(t.url)
    .patch(`/api/v1/sessions/${sessionId}/requirements`)
    .auth(token, { type: 'bearer' })
    .send(body as object);
}

async function versionCount(token: string, sessionId: string): Promise<number> {
  const res = await request(t.url)
    .get(`/api/v1/sessions/${sessionId}/requirements/versions`)
    .auth(token, { type: 'bearer' })
    .expect(200);
  return res.body.data.versions.length;
}

describe('requirements edits over HTTP', () => {
  it('locks a field the user set against later extraction, until unlocked', async () => {
    t = await startTestServer();
    const { token } = await t.login();
    const sessionId = await newSession(token);
    await post(token, sessionId, 'Junior Python developer, remote.');
    let view = await requirementsOf(token, sessionId);
    expect(toPlainProfile(view.profile)).toMatchObject({ seniority: 'junior' });

    const edited = await patch(token, sessionId, {
      version: view.version,
      set: { seniority: 'senior' },
    }).expect(200);
    expect(edited.body.data.version).toBe(view.version + 1);
    expect(edited.body.data.profile.seniority).toMatchObject({
      value: 'senior',
      provenance: { source: 'user' },
    });

    await post(token, sessionId, 'Actually make it junior, with Django.');
    view = await requirementsOf(token, sessionId);
    expect(toPlainProfile(view.profile)).toMatchObject({
      seniority: 'senior',
      mustHaveSkills: expect.arrayContaining([{ name: 'Django' }]),
    });

    await patch(token, sessionId, { version: view.version, unlock: ['seniority'] }).expect(200);
    await post(token, sessionId, 'Junior, definitely.');
    view = await requirementsOf(token, sessionId);
    expect(toPlainProfile(view.profile)).toMatchObject({ seniority: 'junior' });
  });

  it('answers a stale or malformed edit with its error code and loses nothing', async () => {
    t = await startTestServer();
    const { token } = await t.login();
    const sessionId = await newSession(token);
    await post(token, sessionId, 'Senior Go engineer, remote, full-time.');
    const first = await requirementsOf(token, sessionId);
    await patch(token, sessionId, { version: first.version, set: { title: 'Go Engineer' } }).expect(200);
    const before = await requirementsOf(token, sessionId);
    const versions = await versionCount(token, sessionId);

    const stale = await patch(token, sessionId, { version: first.version, set: { title: 'Stale' } }).expect(
      409,
    );
    expect(stale.body).toEqual({
      ok: false,
      error: {
        code: 'VERSION_CONFLICT',
        message: expect.any(String),
        details: expect.objectContaining({ currentVersion: before.version }),
      },
    });
    const cases: Array<[unknown, string]> = [
      [{ set: { title: 'No version' } }, 'version'],
      [{ version: before.version, set: { seniority: 'wizard' } }, 'set.seniority'],
      [{ version: before.version, unlock: ['shoeSize'] }, 'unlock.0'],
      [{ version: before.version }, 'input'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(token, sessionId, body).expect(422);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    }
    expect(await requirementsOf(token, sessionId)).toEqual(before);
    expect(await versionCount(token, sessionId)).toBe(versions);
  });

  it('dismisses a question; an unknown one is NOT_FOUND', async () => {
    t = await startTestServer();
    const { token } = await t.login();
    const sessionId = await newSession(token);
    const view = await requirementsOf(token, sessionId);
    const question = view.questions.find((q) => q.state === 'open')!;
    const dismissed = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/requirements/questions/${encodeURIComponent(question.id)}/dismiss`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(dismissed.body.data.questions).toContainEqual(
      expect.objectContaining({ id: question.id, state: 'dismissed' }),
    );
    const missing = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/requirements/questions/nope/dismiss`)
      .auth(token, { type: 'bearer' })
      .expect(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe("another user's session", () => {
  it('is SESSION_NOT_FOUND on every requirements and search route and event, and nothing changes', async () => {
    t = await startTestServer({ search: true });
    const owner = await t.login();
    const intruder = await t.login();
    const sessionId = await newSession(owner.token);
    await post(owner.token, sessionId, 'Senior Go engineer in Berlin, full-time.');
    const search = await request(t.url)
      .post(`/api/v1/sessions/${sessionId}/search`)
      .auth(owner.token, { type: 'bearer' })
      .send({ intent: 'postings' })
      .expect(200);
    const searchId = search.body.data.search.id as string;
    const url = search.body.data.search.results[0].url as string;
    const before = await requirementsOf(owner.token, sessionId);
    const question = before.questions[0]?.id ?? 'missing:title';
    const base = `/api/v1/sessions/${sessionId}`;
    const routes: Array<[string, string, object?]> = [
      ['get', `${base}/requirements`],
      ['get', `${base}/requirements/versions`],
      ['patch', `${base}/requirements`, { version: before.version, set: { title: 'Mine now' } }],
      ['post', `${base}/requirements/questions/${encodeURIComponent(question)}/dismiss`],
      ['post', `${base}/search`, { intent: 'market' }],
      ['get', `${base}/searches`],
      ['get', `${base}/searches/kept`],
      ['post', `${base}/searches/${searchId}/keep`, { url }],
    ];
    for (const [method, path, body] of routes) {
      const call = request(t.url)[method as 'get' | 'post' | 'patch'](path).auth(intruder.token, {
        type: 'bearer',
      });
      const res = await (body ? call.send(body) : call);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'SESSION_NOT_FOUND']);
    }
    const socket = await t.socket(intruder.token);
    expect(await call(socket, 'get_requirements', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_FOUND' },
    });
    expect(await call(socket, 'search', { sessionId, intent: 'market' })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_FOUND' },
    });

    expect(await requirementsOf(owner.token, sessionId)).toEqual(before);
    const searches = await request(t.url)
      .get(`${base}/searches`)
      .auth(owner.token, { type: 'bearer' })
      .expect(200);
    expect(searches.body.data.searches.map((s: { id: string }) => s.id)).toEqual([searchId]);
    const kept = await request(t.url)
      .get(`${base}/searches/kept`)
      .auth(owner.token, { type: 'bearer' })
      .expect(200);
    expect(kept.body.data.kept).toEqual([]);
  });
});
