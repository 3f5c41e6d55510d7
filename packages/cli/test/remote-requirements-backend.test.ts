import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type Parley } from '@parley/core';
import type { LlmStub } from '@parley/llm-stub';
import { startTestCore, type TestCore } from './support/test-core.js';
import type { ChatBackend, ChatBackendEvent } from '../src/chat/chat-backend.js';
import { connectRemoteChatBackend, loginToServer } from '../src/chat/remote-chat-backend.js';

type Updated = Extract<ChatBackendEvent, { type: 'requirements_updated' }>;
type Results = Extract<ChatBackendEvent, { type: 'search_results' }>;

/** Resolves with the first event of the session that `accept` takes. */
function next<T extends ChatBackendEvent>(
  backend: ChatBackend,
  sessionId: string,
  accept: (event: ChatBackendEvent) => event is T,
): Promise<T> {
  return new Promise((resolve) => {
    const stop = backend.subscribe(sessionId, (event) => {
      if (!accept(event)) return;
      stop();
      resolve(event);
    });
  });
}

/**
 * The remote backend's requirements and search against a real server: REST
 * `GET/PATCH /sessions/:id/requirements`, `POST …/questions/:id/dismiss`, `POST /sessions/:id/search`,
 * `GET /sessions/:id/searches`, `POST …/searches/:id/keep`, and the session room's
 * `requirements_updated` / `search_results` socket events.
 */
describe('remote chat backend: requirements and search against a real Parley server', () => {
  let core: TestCore;
  let stub: LlmStub;
  let parley: Parley;
  let backend: ChatBackend;

  beforeAll(async () => {
    core = await startTestCore({ search: true, env: { SEARCH_MAX_QUERIES: '1' } });
    ({ stub, parley } = core);
    await parley.auth.register({ email: 'remote-req@example.com', password: 'remote-password' });
    const url = await core.serve();
    backend = await connectRemoteChatBackend(
      url,
      await loginToServer(url, 'remote-req@example.com', 'remote-password'),
    );
  });
  afterAll(async () => {
    await backend?.close();
    await core?.close();
  });

  /** A joined session whose profile the rules filled from one hiring message, with its update event. */
  async function hiringSession(): Promise<{ sessionId: string; updated: Updated }> {
    const sessionId = (await backend.create()).id;
    const updated = next(
      backend,
      sessionId,
      (event): event is Updated => event.type === 'requirements_updated' && event.conflicts.length > 0,
    );
    await backend.send(
      sessionId,
      'We are hiring a junior backend engineer in Berlin with at least 8 years of experience. Must know Go.',
    );
    return { sessionId, updated: await updated };
  }

  it('requirements_updated reaches the backend over the socket, without the wire-only fields', async () => {
    const { updated } = await hiringSession();
    expect(updated.profile.seniority?.value).toBe('junior');
    expect(updated.conflicts).toEqual([
      expect.objectContaining({ rule: 'seniority-vs-years', state: 'open' }),
    ]);
    expect(updated).not.toHaveProperty('sessionId');
    expect(updated).not.toHaveProperty('userId');
  });

  it('reads, edits (a stale version is VERSION_CONFLICT) and dismisses over REST', async () => {
    const { sessionId, updated } = await hiringSession();
    const current = await backend.requirements(sessionId);
    expect(current.profile).toEqual(updated.profile);
    const edited = await backend.updateRequirements(sessionId, {
      version: current.version,
      set: { seniority: 'senior' },
    });
    expect(edited.profile.seniority).toMatchObject({ value: 'senior', provenance: { source: 'user' } });
    const stale = await backend
      .updateRequirements(sessionId, { version: current.version, set: { seniority: 'lead' } })
      .catch((error: unknown) => error);
    expect(ParleyError.is(stale, 'VERSION_CONFLICT')).toBe(true);
    const dismissed = await backend.dismissQuestion(sessionId, 'missing:employment_type');
    expect(dismissed.questions.find((q) => q.id === 'missing:employment_type')?.state).toBe('dismissed');
  });

  it('searches, lists and keeps over REST; search_results reaches the room with dates revived', async () => {
    const { sessionId } = await hiringSession();
    stub.scriptSearch({
      results: [
        {
          title: 'Go salaries in Berlin',
          url: 'https://pay.example.com/go-berlin',
          content: 'Go engineers in Berlin earn 60-90k.',
          score: 0.7,
        },
      ],
    });
    const event = next(backend, sessionId, (e): e is Results => e.type === 'search_results');
    const search = await backend.search(sessionId, { intent: 'market' });
    expect(search.createdAt).toBeInstanceOf(Date);
    expect(search.results[0]?.reasons.matched).toEqual(expect.arrayContaining(['Go', 'Berlin']));
    const pushed = await event;
    expect(pushed.search.id).toBe(search.id);
    expect(pushed.search.createdAt).toBeInstanceOf(Date);
    expect((await backend.searches(sessionId)).map((run) => run.id)).toEqual([search.id]);
    await backend.keep(sessionId, search.id, 'https://pay.example.com/go-berlin');
    const unknown = await backend
      .keep(sessionId, search.id, 'https://elsewhere.example.com/')
      .catch((error: unknown) => error);
    expect(ParleyError.is(unknown, 'NOT_FOUND')).toBe(true);
  });

  it('an unknown session is SESSION_NOT_FOUND for requirements and search', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const attempt of [
      () => backend.requirements(unknown),
      () => backend.search(unknown, { intent: 'market' }),
    ]) {
      expect(ParleyError.is(await attempt().catch((error: unknown) => error), 'SESSION_NOT_FOUND')).toBe(
        true,
      );
    }
  });
});
