import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Message } from '../../src/domain/message.js';
import type { Session } from '../../src/domain/session.js';
import type { User } from '../../src/domain/user.js';
import type { ChatModel } from '../../src/ports/chat-model.js';
import type { RequirementsRepository } from '../../src/ports/store.js';
import { DEFAULT_REQUIREMENTS_POLICY } from '../../src/services/requirements/evaluate-requirements.js';
import {
  RequirementsService,
  type RequirementsChange,
} from '../../src/services/requirements/requirements-service.js';
import { requirementsTurnParts } from '../../src/services/requirements/requirements-turn.js';
import { renderSessionBrief } from '../../src/services/requirements/session-brief.js';
import { createTurnHistory } from '../../src/services/chat/turn-history.js';
import { createScriptedLlm } from '../../src/testing/scripted-llm.js';
import { expectCode } from '../services/expect-code.js';
import type { Backend, TestParley } from '../support/test-parley.js';
import { createTestParley } from '../support/test-parley.js';

/** Issue 10 (R7): the requirements service over a real store, with the rules alone or a scripted model. */
export function requirementsContract(backend: Backend): void {
  describe(`requirements on ${backend.name}`, () => {
    let t: TestParley;
    let ada: User;
    let bob: User;
    let session: Session;
    let events: RequirementsChange[];
    const service = (model?: ChatModel) =>
      new RequirementsService({
        store: t.parley.internal.store,
        sessions: t.parley.sessions,
        clock: t.clock,
        policy: DEFAULT_REQUIREMENTS_POLICY,
        model: model ?? null,
        logger: pino({ level: 'silent' }),
        onUpdated: (change) => events.push(change),
      });
    /** The rules-only service over the test store, some of its requirements repository's calls replaced. */
    const serviceOver = (replaced: Partial<RequirementsRepository>) => {
      const store = t.parley.internal.store;
      return new RequirementsService({
        store: { ...store, requirements: { ...store.requirements, ...replaced } },
        sessions: t.parley.sessions,
        clock: t.clock,
        policy: DEFAULT_REQUIREMENTS_POLICY,
        model: null,
        logger: pino({ level: 'silent' }),
      });
    };
    const say = async (requirements: RequirementsService, content: string) => {
      const message = await t.parley.conversation.append(ada.id, session.id, { role: 'user', content });
      return requirements.extract({ session, messages: [message] });
    };

    beforeEach(async () => {
      t = await createTestParley(backend);
      ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
      bob = await t.parley.auth.register({ email: 'bob@example.com', password: 'password-bob' });
      session = await t.parley.sessions.create(ada.id);
      events = [];
    });
    afterEach(() => t.cleanup());

    it('marks nothing, and fails nothing, for a session deleted before its answer’s questions are marked', async () => {
      await say(service(), 'We need a senior Go engineer, remote.');
      await t.parley.sessions.close(ada.id, session.id);
      const store = t.parley.internal.store;
      expect(await store.sessions.deleteEnded(new Date(t.clock.now().getTime() + 1), 10)).toEqual([
        session.id,
      ]);
      await expect(service().markAsked(session, ['missing:employment_type'])).resolves.toBeUndefined();
      expect(await store.requirements.get(session.id)).toBeUndefined();
    });

    it('exports the requirement profile with the conversation (Markdown section, JSON member); admin reads it for any user', async () => {
      await t.parley.requirements.update(ada.id, session.id, {
        version: 0,
        set: { title: 'Backend Engineer', seniority: 'junior', experience: { min: 8 } },
      });
      const markdown = await t.parley.conversation.export(ada.id, session.id, 'md');
      expect(markdown).toContain('## Requirements (version 1)');
      expect(markdown).toContain('- Title: Backend Engineer');
      expect(markdown).toMatch(/### Conflicts\n\n- .+ \(open\)/);
      expect(markdown).toContain('### Questions');
      const json = JSON.parse(await t.parley.admin.exportSession(session.id, 'json'));
      expect(json.requirements.profile.seniority.value).toBe('junior');
      expect(json.requirements.version).toBe(1);
      expect((await t.parley.admin.requirementsOf(session.id)).version).toBe(1);
      await expectCode(
        t.parley.admin.requirementsOf('00000000-0000-4000-8000-000000000000'),
        'SESSION_NOT_FOUND',
      );
    });

    it('starts at version 0 with a question for every missing essential', async () => {
      const view = await service().get(ada.id, session.id);
      expect(view.version).toBe(0);
      expect(view.questions.map((q) => q.id)).toEqual([
        'missing:title',
        'missing:seniority_or_years',
        'missing:must_have_skills',
        'missing:location_or_remote',
        'missing:employment_type',
      ]);
    });

    it('keeps the profile current from the rules alone: a conflict opens, is asked, and closes when the user answers', async () => {
      const requirements = service();
      await say(requirements, 'We need a senior backend engineer with Go and Postgres.');
      let view = await say(requirements, 'Fully remote, salary between €90k and €70k.');
      expect(view?.profile.seniority?.value).toBe('senior');
      expect(view?.profile.mustHaveSkills.map((s) => s.value.name)).toEqual(['Go', 'PostgreSQL']);
      expect(view?.profile.salary).toMatchObject({
        value: { min: 90_000, max: 70_000, currency: 'EUR' },
        provenance: { source: 'rule', seq: 2 },
      });
      expect(view?.conflicts.filter((c) => c.state === 'open').map((c) => c.rule)).toEqual([
        'salary-min-above-max',
      ]);

      const brief = renderSessionBrief(view!);
      expect(brief.questionIds).toEqual(['conflict:salary-min-above-max', 'missing:employment_type']);
      expect(brief.text).toContain('Salary minimum 90000 is above its maximum 70000.');
      expect(brief.text).toContain('Must-have skills: Go, PostgreSQL');
      await requirements.markAsked(session, brief.questionIds);
      view = await requirements.get(ada.id, session.id);
      expect(view.questions.filter((q) => q.state === 'asked').map((q) => q.id)).toEqual(brief.questionIds);
      expect(renderSessionBrief(view).questionIds).toEqual([]);

      view = (await say(requirements, 'Sorry, I meant €70k to €90k. Full-time, permanent.'))!;
      expect(view.conflicts.find((c) => c.rule === 'salary-min-above-max')).toMatchObject({
        state: 'resolved',
        resolution: 'facts_changed',
      });
      const stateOf = (id: string) => view.questions.find((q) => q.id === id)?.state;
      expect([stateOf('conflict:salary-min-above-max'), stateOf('missing:employment_type')]).toEqual([
        'answered',
        'answered',
      ]);
      expect(view.questions.filter((q) => q.state === 'open' || q.state === 'asked')).toEqual([]);
      const versions = await requirements.versions(ada.id, session.id);
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
      expect(versions[1]?.changes.find((c) => c.field === 'salary')).toMatchObject({
        source: 'rule',
        seq: 2,
      });
      expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(events[3]).toMatchObject({ sessionId: session.id, userId: ada.id, version: 4 });
    });

    it('stores no version when a message states nothing new', async () => {
      const requirements = service();
      await say(requirements, 'Senior Go engineer, remote, full-time.');
      expect(await say(requirements, 'Thanks, that sounds good!')).toBeUndefined();
      expect(await say(requirements, 'Remote, yes.')).toBeUndefined();
      expect((await requirements.versions(ada.id, session.id)).length).toBe(1);
    });

    it('lets a user edit win and lock the field against later extraction until unlocked', async () => {
      const requirements = service();
      await say(requirements, 'Junior Python developer, remote.');
      const edited = await requirements.update(ada.id, session.id, {
        version: 1,
        set: { seniority: 'mid', title: 'Data Engineer' },
      });
      expect(edited).toMatchObject({
        version: 2,
        profile: { seniority: { value: 'mid', provenance: { source: 'user' } } },
      });
      await say(requirements, 'Actually make it senior.');
      let view = await requirements.get(ada.id, session.id);
      expect(view.profile.seniority?.value).toBe('mid');
      await requirements.update(ada.id, session.id, { version: view.version, unlock: ['seniority'] });
      await say(requirements, 'Senior, definitely.');
      view = await requirements.get(ada.id, session.id);
      expect(view.profile.seniority).toMatchObject({ value: 'senior', provenance: { source: 'rule' } });
      expect(view.profile.title?.value).toBe('Data Engineer');
    });

    it('answers a stale edit with VERSION_CONFLICT carrying the current version, losing nothing', async () => {
      const requirements = service();
      await say(requirements, 'Senior Go engineer, remote.');
      await requirements.update(ada.id, session.id, { version: 1, set: { title: 'Go Engineer' } });
      const before = await requirements.get(ada.id, session.id);
      const error = await expectCode(
        requirements.update(ada.id, session.id, { version: 1, set: { title: 'Stale' } }),
        'VERSION_CONFLICT',
      );
      expect(error.details).toEqual({ currentVersion: 2 });
      expect(await requirements.get(ada.id, session.id)).toEqual(before);
      expect((await requirements.versions(ada.id, session.id)).length).toBe(2);
    });

    it('rejects a malformed edit with VALIDATION_FAILED naming the field, changing nothing', async () => {
      const requirements = service();
      await say(requirements, 'Senior Go engineer, remote.');
      const before = await requirements.get(ada.id, session.id);
      const bad = await expectCode(
        requirements.update(ada.id, session.id, { version: 1, set: { seniority: 'wizard' as never } }),
        'VALIDATION_FAILED',
      );
      expect(bad.details.field).toBe('set.seniority');
      await expectCode(requirements.update(ada.id, session.id, { version: 1 }), 'VALIDATION_FAILED');
      await expectCode(
        requirements.update(ada.id, session.id, {
          version: 1,
          set: { salary: { min: 1, period: 'week' } } as never,
        }),
        'VALIDATION_FAILED',
      );
      expect(await requirements.get(ada.id, session.id)).toEqual(before);
    });

    it("answers another user's session with SESSION_NOT_FOUND on every call", async () => {
      const requirements = service();
      await say(requirements, 'Senior Go engineer, remote.');
      await expectCode(requirements.get(bob.id, session.id), 'SESSION_NOT_FOUND');
      await expectCode(requirements.versions(bob.id, session.id), 'SESSION_NOT_FOUND');
      await expectCode(
        requirements.update(bob.id, session.id, { version: 1, set: { title: 'x' } }),
        'SESSION_NOT_FOUND',
      );
      await expectCode(requirements.dismiss(bob.id, session.id, 'missing:title'), 'SESSION_NOT_FOUND');
      expect((await requirements.get(ada.id, session.id)).version).toBe(1);
    });

    it('dismisses a question; dismissing a conflict question accepts the conflict', async () => {
      const requirements = service();
      await say(requirements, 'Junior analyst with 8+ years, full-time and part-time.');
      let view = await requirements.dismiss(ada.id, session.id, 'conflict:seniority-vs-years');
      expect(view.conflicts.find((c) => c.id === 'seniority-vs-years')).toMatchObject({
        state: 'resolved',
        resolution: 'dismissed',
      });
      expect(view.questions.find((q) => q.id === 'conflict:seniority-vs-years')?.state).toBe('dismissed');
      view = await requirements.dismiss(ada.id, session.id, 'missing:title');
      await say(requirements, 'Remote please.');
      view = await requirements.get(ada.id, session.id);
      expect(view.questions.find((q) => q.id === 'missing:title')?.state).toBe('dismissed');
      expect(view.conflicts.find((c) => c.id === 'seniority-vs-years')?.state).toBe('resolved');
      await expectCode(requirements.dismiss(ada.id, session.id, 'missing:nothing'), 'NOT_FOUND');
    });

    it('applies an extraction on top of an edit saved during its model call, losing neither', async () => {
      const llm = createScriptedLlm({
        json: { requirements_update: [{ profile: { title: 'Backend Engineer' }, conflicts: [] }] },
      });
      const editing: ChatModel = {
        ...llm,
        completeJson: async (request) => {
          await t.parley.requirements.update(ada.id, session.id, { version: 0, set: { seniority: 'staff' } });
          return llm.completeJson(request);
        },
      };
      const view = await say(service(editing), 'We are hiring a backend engineer.');
      expect(view?.version).toBe(2);
      expect(view?.profile.title).toMatchObject({ value: 'Backend Engineer' });
      expect(view?.profile.seniority).toMatchObject({ value: 'staff', provenance: { source: 'user' } });
    });

    it('reads the stored requirements once for a turn: the brief’s read serves its extraction and question marks', async () => {
      const store = t.parley.internal.store;
      let reads = 0;
      const get = store.requirements.get.bind(store.requirements);
      const counted = serviceOver({ get: (id) => (reads++, get(id)) });
      const brief = renderSessionBrief(await counted.get(ada.id, session.id));
      await say(counted, 'The role is full-time.');
      await counted.markAsked(session, brief.questionIds);
      expect(reads).toBe(1);
      const view = await counted.get(ada.id, session.id);
      expect(view.version).toBe(2);
      expect(brief.questionIds).not.toEqual([]);
      expect(view.questions.filter((q) => brief.questionIds.includes(q.id)).map((q) => q.state)).toEqual(
        brief.questionIds.map(() => 'asked'),
      );
    });

    it('gives the session brief the profile in one read, without checking again the session its turn checked', async () => {
      await say(service(), 'We need a senior Go engineer.');
      let checks = 0;
      const get = t.parley.sessions.get.bind(t.parley.sessions);
      t.parley.sessions.get = (userId, sessionId) => ((checks += 1), get(userId, sessionId));
      const { brief } = requirementsTurnParts({ requirements: service(), store: t.parley.internal.store });
      const part = await brief.build({
        userId: ada.id,
        sessionId: session.id,
        userMessage: { seq: 2, content: 'And remote?' },
        budgetTokens: 1_000,
        signal: new AbortController().signal,
        countTokens: (text) => Math.ceil(text.length / 4),
        history: { latestSummary: async () => undefined, pageBefore: async () => [] },
      });
      expect(checks).toBe(0);
      expect(part?.messages[0]?.content).toMatch(/Go/);
    });

    it('runs a turn’s writes to one session one after another: an extraction and the question marks begun together never conflict, and both are kept', async () => {
      const store = t.parley.internal.store;
      const refused: string[] = [];
      const save = store.requirements.save.bind(store.requirements);
      const counted = serviceOver({
        save: (input) =>
          save(input).catch((error: { code?: string }) => {
            refused.push(error.code ?? 'unknown');
            throw error;
          }),
      });
      await say(counted, 'We need a senior Go engineer.');
      const brief = renderSessionBrief(await counted.get(ada.id, session.id));
      expect(brief.questionIds).not.toEqual([]);
      const message = await t.parley.conversation.append(ada.id, session.id, {
        role: 'user',
        content: 'Fully remote, full-time.',
      });
      await Promise.all([
        counted.extract({ session, messages: [message] }),
        counted.markAsked(session, brief.questionIds),
      ]);
      expect(refused).toEqual([]);
      const view = await counted.get(ada.id, session.id);
      expect(view.version).toBe(3);
      expect(view.profile.employmentType).toMatchObject({ value: ['full_time'] });
      const asked = view.questions.filter((q) => brief.questionIds.includes(q.id));
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((q) => q.state === 'asked' || q.state === 'answered')).toBe(true);
    });

    it('reads the messages once for an extraction job: the new message and the model’s transcript come from one page, a longer burst reads its new messages too', async () => {
      const store = t.parley.internal.store;
      const pages: Array<{ order?: string; after?: number }> = [];
      const page = store.messages.page.bind(store.messages);
      const counted = {
        ...store,
        messages: {
          ...store.messages,
          page: (id: string, p: Parameters<typeof page>[1]) => (
            pages.push({ order: p.order, after: p.after }),
            page(id, p)
          ),
        },
      };
      const llm = createScriptedLlm({ json: { requirements_update: [{ profile: {} }, { profile: {} }] } });
      const requirements = new RequirementsService({
        store: counted,
        sessions: t.parley.sessions,
        clock: t.clock,
        policy: DEFAULT_REQUIREMENTS_POLICY,
        model: llm,
        modelMessages: 3,
        logger: pino({ level: 'silent' }),
      });
      const [extract] = requirementsTurnParts({ requirements, store: counted }).jobs;
      const run = (userMessage: Message) =>
        extract!.run({
          session,
          turnId: 'turn',
          userMessage,
          answer: null,
          context: null,
          history: null,
          signal: new AbortController().signal,
        });
      const append = (role: 'user' | 'assistant', content: string) =>
        t.parley.conversation.append(ada.id, session.id, { role, content });
      const transcripts = () =>
        llm.calls.flatMap((c) =>
          c.method === 'completeJson' ? [c.request.messages.map((m) => m.content).join('\n')] : [],
        );

      await append('user', 'We are hiring a backend engineer.');
      await append('assistant', 'Which seniority?');
      const senior = await append('user', 'Senior, based in Berlin.');
      await run(senior);
      expect(pages).toEqual([{ order: 'desc', after: undefined }]);
      expect((await requirements.get(ada.id, session.id)).profile.seniority).toMatchObject({
        value: 'senior',
      });
      expect(transcripts()[0]).toContain('Which seniority?');

      // A burst of five while the job was busy, coalesced into the run for its first message (the
      // runner keeps the waiting one); one page does not reach back, so the new ones are read too.
      const burst = [];
      for (const content of [
        'Full-time.',
        'Go is a must.',
        'Remote is fine.',
        'Kafka is a plus.',
        'Budget €90k a year.',
      ])
        burst.push(await append('user', content));
      pages.length = 0;
      await run(burst[0]!);
      expect(pages).toEqual([
        { order: 'desc', after: undefined },
        { order: 'asc', after: senior.seq },
      ]);
      const view = await requirements.get(ada.id, session.id);
      expect(view.profile.employmentType).toMatchObject({ value: ['full_time'] });
      expect(view.profile.salary).toMatchObject({ value: { max: 90_000, currency: 'EUR' } });

      // A run for its own turn alone takes the page its turn's prompt read (the turn's history):
      // no read of its own. A run other turns were folded into reads the store, as above.
      const queue = async (content: string) => {
        const userMessage = await append('user', content);
        const history = createTurnHistory(counted, session.id, userMessage.seq + 1);
        const job = { session, turnId: 'turn', userMessage, answer: null, context: null, history };
        expect(extract!.when!(job)).toBe(true);
        await history.pageBefore(userMessage.seq + 1);
        return { ...job, signal: new AbortController().signal };
      };
      const alone = await queue('Docker is a must.');
      pages.length = 0;
      await extract!.run(alone);
      expect(pages).toEqual([]);
      expect(transcripts().at(-1)).toContain('Budget €90k a year.');
      const skills = async () =>
        ((await requirements.get(ada.id, session.id)).profile.mustHaveSkills ?? []).map((e) => e.value.name);
      expect(await skills()).toContain('Docker');
      const folded = await queue('Terraform is a must.');
      await queue('Ansible is a must.');
      pages.length = 0;
      await extract!.run(folded);
      expect(pages).toEqual([{ order: 'desc', after: undefined }]);
      expect(await skills()).toEqual(expect.arrayContaining(['Docker', 'Terraform', 'Ansible']));
    });

    it('keeps its own copy of what it read: a caller changing a returned view changes no later write', async () => {
      const here = service();
      await say(here, 'We are hiring a backend engineer.');
      const view = await here.get(ada.id, session.id);
      delete (view.profile as { title?: unknown }).title;
      const next = await say(here, 'The role is remote.');
      expect(next?.profile.title).toMatchObject({ value: 'Backend Engineer' });
      expect((await t.parley.internal.store.requirements.get(session.id))?.state.profile.title).toMatchObject(
        {
          value: 'Backend Engineer',
        },
      );
    });

    it('never goes back to an older state: a read that began before a save and ended after it changes nothing', async () => {
      const store = t.parley.internal.store;
      const get = store.requirements.get.bind(store.requirements);
      let hold: Promise<void> | undefined;
      const held = serviceOver({
        get: async (id) => {
          const row = await get(id);
          await hold;
          return row;
        },
      });
      await say(held, 'The role is remote.');
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      const late = held.get(ada.id, session.id);
      await say(held, 'Actually the role is onsite.');
      hold = undefined;
      release();
      expect((await late).version).toBe(1);
      const view = await say(held, 'Sorry, remote after all.');
      expect(view?.version).toBe(3);
      expect(view?.profile.remote).toMatchObject({ value: { policy: 'remote' } });
    });

    it('applies an extraction on top of a change another process saved since this one last looked', async () => {
      const here = service();
      await say(here, 'We are hiring a backend engineer.');
      await t.parley.requirements.update(ada.id, session.id, { version: 1, set: { seniority: 'staff' } });
      const view = await say(here, 'The role is remote.');
      expect(view?.version).toBe(3);
      expect(view?.profile.title).toMatchObject({ value: 'Backend Engineer' });
      expect(view?.profile.seniority).toMatchObject({ value: 'staff', provenance: { source: 'user' } });
      expect(view?.profile.remote).toMatchObject({ value: { policy: 'remote' } });
    });

    it("uses the model's reading only where it is consistent with the text, and records the disagreement", async () => {
      const llm = createScriptedLlm({
        json: {
          requirements_update: [
            {
              profile: {
                seniority: 'lead',
                title: 'Backend Engineer',
                salary: { min: 150_000, max: 200_000, currency: 'EUR', period: 'year' },
              },
              conflicts: [
                {
                  description: 'Go and Rust are both asked as the only language.',
                  fields: ['mustHaveSkills'],
                  seqs: [1],
                },
                { description: 'Cites a message it never saw.', fields: ['title'], seqs: [99] },
              ],
            },
          ],
        },
      });
      const requirements = service(llm);
      const view = await say(requirements, 'Senior backend engineer (lead the payments team), Go, €80-90k.');
      expect(view?.profile.title).toMatchObject({ value: 'Backend Engineer' });
      expect(view?.profile.seniority).toMatchObject({ value: 'lead', provenance: { source: 'model' } });
      expect(view?.profile.salary).toMatchObject({
        value: { min: 80_000, max: 90_000 },
        provenance: { source: 'rule' },
      });
      expect(view?.conflicts.filter((c) => c.source === 'model').map((c) => [c.message, c.seqs])).toEqual([
        ['Go and Rust are both asked as the only language.', [1]],
      ]);
      const [version] = await requirements.versions(ada.id, session.id);
      expect(
        version?.changes
          .filter((c) => c.reason.startsWith('rule and model disagreed'))
          .map((c) => [c.field, c.source]),
      ).toEqual([
        ['seniority', 'model'],
        ['salary', 'rule'],
      ]);
      const call = llm.calls.find((c) => c.method === 'completeJson');
      expect(call?.method === 'completeJson' && call.request.name).toBe('requirements_update');
    });

    it.each([
      ['fails', new Error('model down')],
      ['answers malformed JSON', { profile: { seniority: 42 } }],
    ])('keeps the profile current from the rules alone when the model %s', async (_name, answer) => {
      const requirements = service(createScriptedLlm({ json: { requirements_update: [answer] } }));
      const view = await say(requirements, 'Mid-level Kotlin developer, hybrid 2 days in office, contract.');
      expect(view?.profile).toMatchObject({
        seniority: { value: 'mid', provenance: { source: 'rule' } },
        remote: { value: { policy: 'hybrid', officeDaysPerWeek: 2 } },
        employmentType: { value: ['contract'] },
      });
    });
  });
}
