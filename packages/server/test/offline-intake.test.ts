import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toPlainProfile } from '@parley/core/requirements';
import { call, collectTurn } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;

/** The scripted intake: each message and what its answer must say (issue 15). */
const INTAKE: Array<{ say: string; answer: string[]; not?: string[] }> = [
  {
    say: 'Hiring a senior backend engineer: must have Go and Kubernetes, 5 years.',
    answer: [
      'title Backend Engineer; seniority senior',
      'must-have skills Go, Kubernetes',
      'Where is the role based',
    ],
  },
  { say: 'Fully remote.', answer: ['remote policy remote', 'full-time or part-time'] },
  {
    say: 'They have to be in the Berlin office three days a week.',
    answer: ['locations Berlin', 'Remote policy was remote, then hybrid, 3 office day(s) a week.'],
  },
  {
    say: 'Yes, three days a week in the Berlin office.',
    answer: ['full-time or part-time'],
    not: ['Remote policy was remote'],
  },
  {
    say: 'Full-time, permanent.',
    answer: [
      'employment type full-time, permanent',
      '- Title: Backend Engineer',
      '- Remote policy: hybrid, 3 office day(s) a week',
      '- Must-have skills: Go, Kubernetes',
    ],
  },
];

const PROFILE = {
  title: 'Backend Engineer',
  seniority: 'senior',
  remote: { policy: 'hybrid', officeDaysPerWeek: 3 },
  employmentType: ['full_time', 'permanent'],
  mustHaveSkills: [{ name: 'Go' }, { name: 'Kubernetes' }],
  locations: ['Berlin'],
};

async function newSession(token: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return res.body.data.session.id as string;
}

/** Checks one answer against its script step and the one before it. */
function expectAnswer(step: (typeof INTAKE)[number], text: string, previous: string | undefined) {
  expect(text.trim()).not.toBe('');
  expect(text).not.toBe(previous);
  for (const part of step.answer) expect(text).toContain(part);
  for (const part of step.not ?? []) expect(text).not.toContain(part);
}

describe('offline intake over the server (LLM_MODE=offline)', () => {
  beforeEach(async () => {
    t = await startTestServer({ parley: { config: { llm: { mode: 'offline' } } } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('takes a recruiter through the intake over Socket.IO, as model parley-offline', async () => {
    const { token, userId } = await t.login();
    const sessionId = await newSession(token);
    const socket = await t.socket(token);
    expect(await call(socket, 'join_session', { sessionId })).toMatchObject({ ok: true });
    let previous: string | undefined;
    for (const step of INTAKE) {
      const turn = collectTurn(socket);
      expect(await call(socket, 'send_message', { sessionId, content: step.say })).toMatchObject({
        ok: true,
      });
      const { events, text, end } = await turn;
      expect(events.filter((e) => e === 'assistant_chunk').length).toBeGreaterThan(1);
      expect(end).toMatchObject({
        message: { content: text, status: 'complete', usage: { model: 'parley-offline' } },
      });
      expectAnswer(step, text, previous);
      previous = text;
    }
    await t.parley.chat.idle(sessionId);
    const { profile } = await t.parley.requirements.get(userId, sessionId);
    expect(toPlainProfile(profile)).toMatchObject(PROFILE);
    const session = await t.parley.sessions.get(userId, sessionId);
    expect(session.title).toBe('Backend Engineer');
    expect(t.stub.requests).toHaveLength(0);
  });

  it('gives the same answers over Server-Sent Events', async () => {
    const { token, userId } = await t.login();
    const sessionId = await newSession(token);
    let previous: string | undefined;
    for (const step of INTAKE) {
      const res = await fetch(`${t.url}/api/v1/sessions/${sessionId}/messages`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'text/event-stream',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ content: step.say }),
      });
      expect(res.status).toBe(200);
      const events = (await res.text())
        .split('\n\n')
        .filter((block) => block.startsWith('event: '))
        .map((block) => {
          const [name, data] = block.split('\n');
          return { event: name!.slice(7), data: JSON.parse(data!.slice(6)) as Record<string, unknown> };
        });
      const text = events
        .filter((e) => e.event === 'assistant_chunk')
        .map((e) => e.data.text)
        .join('');
      expect(events.at(-1)).toMatchObject({ event: 'assistant_end', data: { message: { content: text } } });
      expectAnswer(step, text, previous);
      previous = text;
    }
    await t.parley.chat.idle(sessionId);
    expect(toPlainProfile((await t.parley.requirements.get(userId, sessionId)).profile)).toMatchObject(
      PROFILE,
    );
  });
});
