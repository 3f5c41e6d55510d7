import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type Parley } from '@parley/core';
import type { LlmStub } from '@parley/llm-stub';
import { startTestCore, type TestCore } from './support/test-core.js';
import type { ChatBackend, ChatBackendEvent } from '../src/chat/chat-backend.js';
import { createLocalChatBackend } from '../src/chat/local-chat-backend.js';

type Updated = Extract<ChatBackendEvent, { type: 'requirements_updated' }>;

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

const updatedTo =
  (check: (event: Updated) => boolean) =>
  (event: ChatBackendEvent): event is Updated =>
    event.type === 'requirements_updated' && check(event);

describe('local chat backend: requirements and search over a real core and the stub', () => {
  let core: TestCore;
  let stub: LlmStub;
  let parley: Parley;
  let backend: ChatBackend;
  let userId: string;

  beforeAll(async () => {
    core = await startTestCore({ search: true });
    ({ stub, parley } = core);
    userId = (await parley.auth.register({ email: 'local@example.com', password: 'local-password' })).id;
    backend = createLocalChatBackend(parley, userId);
  });
  afterAll(async () => {
    await core?.close();
  });

  /** A session whose profile the rules filled from one hiring message (the model's JSON is not scripted, so the rules alone read it). */
  async function hiringSession(): Promise<{ sessionId: string; updated: Updated }> {
    const sessionId = (await backend.create()).id;
    const updated = next(
      backend,
      sessionId,
      updatedTo((event) => event.profile.experience !== undefined),
    );
    await backend.send(
      sessionId,
      'We are hiring a junior backend engineer in Berlin with at least 8 years of experience. Must know Go.',
    );
    return { sessionId, updated: await updated };
  }

  it('delivers requirements_updated with the profile, the contradiction and questions; get agrees', async () => {
    const { sessionId, updated } = await hiringSession();
    expect(updated.profile.title?.value).toBe('Backend Engineer');
    expect(updated.profile.seniority?.value).toBe('junior');
    expect(updated.profile.experience?.value).toEqual({ min: 8 });
    expect(updated.profile.mustHaveSkills.map((skill) => skill.value.name)).toContain('Go');
    expect(updated.conflicts).toEqual([
      expect.objectContaining({ rule: 'seniority-vs-years', state: 'open' }),
    ]);
    expect(updated.questions.map((question) => question.id)).toContain('missing:employment_type');
    expect(updated).not.toHaveProperty('sessionId');
    expect(updated).not.toHaveProperty('userId');
    expect(await backend.requirements(sessionId)).toEqual({
      profile: updated.profile,
      conflicts: updated.conflicts,
      questions: expect.any(Array),
      version: expect.any(Number),
    });
  });

  it('edits a field (the edit wins and resolves the conflict), refuses a stale version, dismisses a question', async () => {
    const { sessionId } = await hiringSession();
    const before = await backend.requirements(sessionId);
    const edited = await backend.updateRequirements(sessionId, {
      version: before.version,
      set: { seniority: 'senior' },
    });
    expect(edited.version).toBe(before.version + 1);
    expect(edited.profile.seniority).toMatchObject({ value: 'senior', provenance: { source: 'user' } });
    expect(edited.conflicts.filter((conflict) => conflict.state === 'open')).toEqual([]);

    const stale = await backend
      .updateRequirements(sessionId, { version: before.version, set: { seniority: 'lead' } })
      .catch((error: unknown) => error);
    expect(ParleyError.is(stale, 'VERSION_CONFLICT')).toBe(true);
    expect((await backend.requirements(sessionId)).profile.seniority?.value).toBe('senior');

    const dismissed = await backend.dismissQuestion(sessionId, 'missing:employment_type');
    expect(dismissed.questions.find((q) => q.id === 'missing:employment_type')?.state).toBe('dismissed');
    const unknown = await backend
      .dismissQuestion(sessionId, 'missing:nothing')
      .catch((error: unknown) => error);
    expect(ParleyError.is(unknown, 'NOT_FOUND')).toBe(true);
  });

  it('exports the requirement profile with the conversation, as Markdown and JSON', async () => {
    const { sessionId } = await hiringSession();
    const markdown = await backend.export(sessionId, 'md');
    expect(markdown).toMatch(/## Requirements \(version \d+\)/);
    expect(markdown).toContain('- Title: Backend Engineer');
    expect(markdown).toContain('### Conflicts');
    const json = JSON.parse(await backend.export(sessionId, 'json')) as {
      requirements: { profile: { title: { value: string } }; version: number };
    };
    expect(json.requirements.profile.title.value).toBe('Backend Engineer');
  });

  it('searches against the profile: ranked results with reasons, a search_results event, the list, and keeping one', async () => {
    const { sessionId } = await hiringSession();
    stub.scriptSearch({
      results: [
        {
          title: 'Salaries for engineers',
          url: 'https://pay.example.com/engineers?utm_source=x',
          content: 'What engineers earn.',
          score: 0.95,
        },
        {
          title: 'Go backend engineer salaries in Berlin',
          url: 'https://pay.example.com/go-berlin',
          content: 'Go developers in Berlin earn between 60k and 90k.',
          score: 0.6,
        },
      ],
    });
    const event = next(
      backend,
      sessionId,
      (e): e is Extract<ChatBackendEvent, { type: 'search_results' }> => e.type === 'search_results',
    );
    const search = await backend.search(sessionId, { intent: 'market' });
    expect(search.intent).toBe('market');
    expect(search.degraded).toBe(false);
    const [first, second] = search.results;
    expect(first).toMatchObject({ url: 'https://pay.example.com/go-berlin' });
    expect(first?.reasons.matched).toEqual(expect.arrayContaining(['Go', 'Berlin']));
    expect(second?.reasons.missing).toContain('Go');
    expect((await event).search.id).toBe(search.id);
    expect((await backend.searches(sessionId)).map((run) => run.id)).toEqual([search.id]);

    await backend.keep(sessionId, search.id, first!.url);
    expect((await parley.search.kept(userId, sessionId)).map((kept) => kept.url)).toEqual([first!.url]);
    const missing = await backend
      .keep(sessionId, search.id, 'https://elsewhere.example.com/')
      .catch((error: unknown) => error);
    expect(ParleyError.is(missing, 'NOT_FOUND')).toBe(true);
  });

  it("another user's session is SESSION_NOT_FOUND for requirements and search", async () => {
    const { sessionId } = await hiringSession();
    const other = await parley.auth.register({ email: 'other@example.com', password: 'other-password' });
    const stranger = createLocalChatBackend(parley, other.id);
    for (const attempt of [
      () => stranger.requirements(sessionId),
      () => stranger.dismissQuestion(sessionId, 'missing:employment_type'),
      () => stranger.search(sessionId, { intent: 'market' }),
      () => stranger.searches(sessionId),
    ]) {
      expect(ParleyError.is(await attempt().catch((error: unknown) => error), 'SESSION_NOT_FOUND')).toBe(
        true,
      );
    }
  });
});
