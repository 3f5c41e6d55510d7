import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyProfile } from '@parley/core/requirements';
import { type ClarifyingQuestion, type Conflict, type RequirementsView, type SearchRun } from '@parley/core';
import { ChatApp } from '../src/chat/chat-app.js';
import { emptyRequirements, FakeChatBackend, fakeSession } from './support/fake-chat-backend.js';

const ENTER = '\r';
const TAB = '\t';
const SESSION = 'bbbbbbbb-0000-4000-8000-000000000000';
const AT = '2026-03-01T10:00:00.000Z';
const rule = (seq: number) => ({ source: 'rule' as const, seq, at: AT });

const conflict: Conflict = {
  id: 'seniority-vs-years:junior',
  rule: 'seniority-vs-years',
  source: 'rule',
  fields: ['seniority', 'experience'],
  message: 'A junior role asking for 8+ years of experience',
  seqs: [1, 3],
  state: 'open',
  openedAt: AT,
};
const question = (id: string, text: string, priority: number): ClarifyingQuestion => ({
  id,
  kind: 'missing',
  text,
  priority,
  state: 'open',
  createdAt: AT,
  updatedAt: AT,
});

/** Requirements of a junior Go role in Berlin, contradicted by 8+ years, with two open questions. */
function hiringRequirements(version = 3): RequirementsView {
  return {
    profile: {
      ...emptyProfile(),
      title: { value: 'Backend Engineer', provenance: rule(1) },
      seniority: { value: 'junior', provenance: rule(1) },
      experience: { value: { min: 8 }, provenance: rule(3) },
      mustHaveSkills: [{ value: { name: 'Go' }, provenance: rule(1) }],
      locations: [{ value: 'Berlin', provenance: rule(2) }],
    },
    conflicts: [conflict],
    questions: [
      question('missing:employment_type', 'Is it full-time, part-time or a contract?', 20),
      { ...question(`conflict:${conflict.id}`, 'Junior or 8+ years: which one?', 1), kind: 'conflict' },
    ],
    version,
  };
}

const search: SearchRun = {
  id: '11111111-0000-4000-8000-000000000000',
  sessionId: SESSION,
  intent: 'market',
  query: null,
  queries: ['backend engineer salary Berlin'],
  results: [
    {
      title: 'Go developer salaries in Berlin',
      url: 'https://example.com/go-berlin',
      content: 'Go engineers in Berlin earn…',
      score: 0.91,
      reasons: { matched: ['Go', 'Berlin'], missing: [], stale: false },
    },
    {
      title: 'Backend pay report 2019',
      url: 'https://example.org/report',
      content: 'An old report',
      score: 0.42,
      reasons: { matched: [], missing: ['Go'], stale: true },
    },
  ],
  fromCache: false,
  degraded: false,
  stale: false,
  createdAt: new Date(AT),
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(requirements: RequirementsView = emptyRequirements()) {
  const backend = new FakeChatBackend();
  backend.requirementsView = requirements;
  const current = { session: fakeSession(SESSION, { title: 'Go hire' }), messages: [] };
  backend.add(current);
  const cwd = mkdtempSync(join(tmpdir(), 'parley-chat-req-'));
  dirs.push(cwd);
  const app = render(<ChatApp backend={backend} start={{ current }} cwd={cwd} />);
  const frame = () => app.lastFrame() ?? '';
  const type = async (text: string) => {
    app.stdin.write(text);
    await vi.waitFor(() => expect(frame()).toContain(`› ${text}`));
    app.stdin.write(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('› Message, or /help'));
  };
  return { backend, app, frame, type };
}

describe('ChatApp requirements and search', () => {
  it('Tab shows and hides the requirements panel: fields, the open conflict, numbered questions', async () => {
    const { app, frame } = setup(hiringRequirements());
    expect(frame()).toContain('Tab requirements');
    expect(frame()).not.toContain('Requirements v3');
    app.stdin.write(TAB);
    await vi.waitFor(() => expect(frame()).toContain('Requirements v3'));
    expect(frame()).toContain('Title: Backend Engineer');
    expect(frame()).toContain('Must-have skills: Go');
    expect(frame()).toContain('Locations: Berlin');
    expect(frame()).toContain('! A junior role asking for 8+ years');
    // Questions by priority: the conflict's first.
    expect(frame()).toMatch(/1\. Junior or 8\+ years: which one\?[\s\S]*2\. Is it full-time/);
    expect(frame()).not.toContain('› \t');
    app.stdin.write(TAB);
    await vi.waitFor(() => expect(frame()).not.toContain('Requirements v3'));
  });

  it('updates the open panel live from requirements_updated, ignoring an older version', async () => {
    const { app, backend, frame } = setup();
    app.stdin.write(TAB);
    await vi.waitFor(() => expect(frame()).toContain('Requirements v0'));
    expect(frame()).toContain('nothing stated yet');
    backend.emit(SESSION, { type: 'requirements_updated', ...hiringRequirements(4) });
    await vi.waitFor(() => expect(frame()).toContain('Requirements v4'));
    expect(frame()).toContain('Title: Backend Engineer');
    backend.emit(SESSION, { type: 'requirements_updated', ...emptyRequirements(2) });
    backend.emit(SESSION, { type: 'requirements_updated', ...hiringRequirements(5) });
    await vi.waitFor(() => expect(frame()).toContain('Requirements v5'));
    expect(frame()).toContain('Title: Backend Engineer');
  });

  it('/requirements shows them; edit reads the value like the chat does and sends it with the current version', async () => {
    const { backend, frame, type } = setup(hiringRequirements());
    await type('/requirements');
    await vi.waitFor(() => expect(frame()).toContain('Requirements (version 3)'));
    expect(frame()).toContain('Open questions');

    backend.nextRequirements = {
      ...hiringRequirements(4),
      conflicts: [{ ...conflict, state: 'resolved', resolution: 'facts_changed', resolvedAt: AT }],
    };
    await type('/requirements edit seniority senior');
    await vi.waitFor(() => expect(backend.edits).toHaveLength(1));
    expect(backend.edits[0]).toEqual({
      sessionId: SESSION,
      edit: { version: 3, set: { seniority: 'senior' } },
    });
    await vi.waitFor(() => expect(frame()).toContain('Requirements (version 4)'));

    await type('/requirements edit salary €70-90k a year');
    await vi.waitFor(() => expect(backend.edits).toHaveLength(2));
    expect(backend.edits[1]?.edit.set).toEqual({
      salary: { min: 70_000, max: 90_000, currency: 'EUR', period: 'year' },
    });
    await type('/requirements edit mustHaveSkills Go, k8s');
    await vi.waitFor(() => expect(backend.edits).toHaveLength(3));
    expect(backend.edits[2]?.edit.set).toEqual({ mustHaveSkills: [{ name: 'Go' }, { name: 'Kubernetes' }] });
  });

  it('/requirements edit with an unknown field or an unreadable value says so and sends nothing', async () => {
    const { backend, frame, type } = setup(hiringRequirements());
    await type('/requirements edit colour blue');
    await vi.waitFor(() => expect(frame()).toContain('VALIDATION_FAILED: Unknown field colour'));
    await type('/requirements edit salary plenty');
    await vi.waitFor(() => expect(frame()).toContain('VALIDATION_FAILED: Could not read salary'));
    expect(backend.edits).toEqual([]);
  });

  it('/requirements dismiss n dismisses the nth open question as the panel numbers them', async () => {
    const { backend, frame, type } = setup(hiringRequirements());
    await type('/requirements dismiss 1');
    await vi.waitFor(() =>
      expect(backend.dismissed).toEqual([{ sessionId: SESSION, questionId: `conflict:${conflict.id}` }]),
    );
    await type('/requirements dismiss 9');
    await vi.waitFor(() => expect(frame()).toContain('No open question 9.'));
    expect(backend.dismissed).toHaveLength(1);
  });

  it('/search shows ranked results with their reasons once, even when the event repeats them; /keep n keeps one', async () => {
    const { backend, frame, type } = setup(hiringRequirements());
    backend.searchRun = search;
    await type('/search market');
    await vi.waitFor(() => expect(frame()).toContain('Search market: 2 result(s)'));
    expect(backend.searchCalls).toEqual([{ sessionId: SESSION, intent: 'market' }]);
    expect(frame()).toContain('1. Go developer salaries in Berlin (0.91)');
    expect(frame()).toContain('https://example.com/go-berlin');
    expect(frame()).toContain('matched: Go, Berlin');
    expect(frame()).toContain('2. Backend pay report 2019 (0.42)');
    expect(frame()).toContain('missing: Go · stale');
    backend.emit(SESSION, { type: 'search_results', search: { ...search, intent: 'market' } });

    await type('/keep 2');
    await vi.waitFor(() =>
      expect(backend.kept).toEqual([
        { sessionId: SESSION, searchId: search.id, url: 'https://example.org/report' },
      ]),
    );
    expect(frame()).toContain('Kept: Backend pay report 2019');
    expect(frame().match(/Search market: 2 result\(s\)/g)).toHaveLength(1);
    await type('/keep 7');
    await vi.waitFor(() => expect(frame()).toContain('No result 7 in the last search.'));
  });

  it('/search with words passes them as the query; a degraded answer says why', async () => {
    const { backend, frame, type } = setup();
    backend.searchRun = { ...search, results: [], degraded: true, reason: 'the search provider timed out' };
    await type('/search go meetups berlin');
    await vi.waitFor(() => expect(frame()).toContain('Search degraded: the search provider timed out'));
    expect(backend.searchCalls).toEqual([{ sessionId: SESSION, query: 'go meetups berlin' }]);
  });

  it('a search the model ran (search_results event) is shown and /keep refers to it; /keep before any search explains', async () => {
    const { backend, frame, type } = setup();
    await type('/keep 1');
    await vi.waitFor(() => expect(frame()).toContain('No search yet: /search first.'));
    backend.emit(SESSION, { type: 'search_results', search });
    await vi.waitFor(() => expect(frame()).toContain('Search market: 2 result(s)'));
    await type('/keep 1');
    await vi.waitFor(() => expect(backend.kept).toHaveLength(1));
  });

  it('/search with search off shows SEARCH_NOT_CONFIGURED', async () => {
    const { frame, type } = setup();
    await type('/search');
    await vi.waitFor(() => expect(frame()).toContain('SEARCH_NOT_CONFIGURED'));
  });
});
