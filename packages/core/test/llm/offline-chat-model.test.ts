import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createOfflineChatModel,
  isOfflineChatModel,
  OFFLINE_FALLBACK_TITLE,
  OFFLINE_MODEL,
} from '../../src/adapters/llm/offline-chat-model.js';
import type { ChatMessage, ChatModel, StreamEvent } from '../../src/ports/chat-model.js';
import { emptyRequirementsState } from '../../src/domain/requirements/requirements-state.js';
import {
  DEFAULT_REQUIREMENTS_POLICY,
  evaluateRequirements,
} from '../../src/services/requirements/evaluate-requirements.js';
import { intakeReply, readMessage } from '../../src/services/requirements/offline/intake-reply.js';
import { INTAKE_TEMPLATES } from '../../src/services/requirements/offline/intake-templates.js';
import { createRuleExtractor } from '../../src/services/requirements/rule-extractor.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
import { createTestParley } from '../support/test-parley.js';

const SCRIPT = [
  'Hiring a senior backend engineer: must have Go and Kubernetes, 5 years.',
  'Fully remote.',
  'They have to be in the Berlin office three days a week.',
  'Yes, three days a week in the Berlin office.',
  'Full-time, permanent.',
  'Nice to have: Terraform.',
  'Thanks!',
  'Thanks!',
];

async function streamed(
  model: ChatModel,
  messages: ChatMessage[],
): Promise<{ text: string; events: StreamEvent[] }> {
  const events: StreamEvent[] = [];
  for await (const event of model.stream({ messages })) events.push(event);
  const text = events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
  return { text, events };
}

/** Runs the script through the model on its own (no state message), as a conversation would. */
async function converse(model: ChatModel, script: string[], opener = ''): Promise<string[]> {
  const messages: ChatMessage[] = [{ role: 'system', content: 'You are a hiring assistant.' }];
  const answers: string[] = [];
  for (const [index, line] of script.entries()) {
    messages.push({ role: 'user', content: index === 0 ? `${opener}${line}` : line });
    const { text } = await streamed(model, messages);
    messages.push({ role: 'assistant', content: text });
    answers.push(text);
  }
  return answers;
}

const clock = () => createManualClock(new Date('2026-03-02T09:00:00Z'));

describe('offline chat model (issue 15)', () => {
  it('streams an answer in several chunks and reports itself as parley-offline', async () => {
    const model = createOfflineChatModel({ clock: clock() });
    const { text, events } = await streamed(model, [{ role: 'user', content: SCRIPT[0]! }]);
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(3);
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      model: OFFLINE_MODEL,
      finishReason: 'stop',
      toolCalls: [],
    });
    expect(text).toContain('title Backend Engineer');
    expect(text).toContain('must-have skills Go, Kubernetes');
    expect(isOfflineChatModel(model)).toBe(true);
  });

  it('acknowledges, asks about the planted contradiction, then summarises once the essentials are there', async () => {
    const answers = await converse(createOfflineChatModel({ clock: clock() }), SCRIPT.slice(0, 5));
    expect(answers[0]).toContain('Where is the role based');
    expect(answers[1]).toContain('remote policy remote');
    expect(answers[2]).toContain('Remote policy was remote, then hybrid, 3 office day(s) a week.');
    expect(answers[3]).not.toContain('Remote policy was remote');
    expect(answers[4]).toContain('- Employment type: full-time, permanent');
    expect(answers[4]).toContain('- Locations: Berlin');
  });

  it('picks the same templates for the same session and never answers empty or repeats itself verbatim', async () => {
    const first = await converse(createOfflineChatModel({ clock: clock() }), SCRIPT);
    const again = await converse(createOfflineChatModel({ clock: clock() }), SCRIPT);
    expect(again).toEqual(first);
    const variants = new Set<string>();
    for (const opener of ['', 'Hello. ', 'Hi there! ', 'Good morning. ', 'Hey. ']) {
      const answers = await converse(createOfflineChatModel({ clock: clock() }), SCRIPT, opener);
      answers.forEach((answer, i) => {
        expect(answer.trim()).not.toBe('');
        if (i > 0) expect(answer).not.toBe(answers[i - 1]);
      });
      variants.add(answers[0]!.split(':')[0]!);
    }
    // Different sessions read differently: more than one opening template was used.
    expect(variants.size).toBeGreaterThan(1);
  });

  it('answers the same whether or not the extraction job already stored the last message', () => {
    const rules = createRuleExtractor();
    const at = new Date('2026-03-02T09:00:00Z');
    const deps = { rules, policy: DEFAULT_REQUIREMENTS_POLICY, at };
    let state = evaluateRequirements(emptyRequirementsState(), DEFAULT_REQUIREMENTS_POLICY, at);
    SCRIPT.slice(0, 2).forEach((content, i) => {
      state = readMessage(state, { seq: 2 * i + 1, content }, deps).state;
    });
    const message = { seq: 5, content: SCRIPT[2]! };
    const stored = readMessage(state, message, deps).state;
    const turn = { message, previousAnswer: undefined, seed: 'session-1', turn: 3, ...deps };
    const before = intakeReply({ ...turn, before: state }, rules);
    const after = intakeReply({ ...turn, before: stored }, rules);
    expect(after.text).toBe(before.text);
    expect(before.understood).toEqual(['remote', 'locations']);
    expect(before.text).toContain('Remote policy was remote, then hybrid');
  });

  it('has several sentences for every situation', () => {
    for (const variants of Object.values(INTAKE_TEMPLATES)) {
      expect(variants.length).toBeGreaterThan(1);
      expect(new Set(variants).size).toBe(variants.length);
    }
  });

  it('answers the session-title request from the role title, with a clear fallback', async () => {
    const model = createOfflineChatModel({ clock: clock() });
    const schema = z.object({ title: z.string().min(1).max(80) });
    const ask = (question: string) =>
      model.completeJson({
        name: 'session title',
        schema,
        messages: [
          { role: 'system', content: 'Name this hiring conversation.' },
          { role: 'user', content: `User: ${question}\nAssistant: Got it.` },
        ],
      });
    await expect(ask(SCRIPT[0]!)).resolves.toMatchObject({
      value: { title: 'Backend Engineer' },
      model: OFFLINE_MODEL,
    });
    await expect(ask('Hello!')).resolves.toMatchObject({ value: { title: OFFLINE_FALLBACK_TITLE } });
    await expect(
      model.completeJson({ name: 'extraction', schema: z.object({ n: z.number() }), messages: [] }),
    ).rejects.toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
    await expect(model.ping()).resolves.toBeUndefined();
  });

  it('is used only when asked: LLM_MODE=offline, never as a silent fallback of createParley', async () => {
    const auto = await createTestParley({ name: 'sqlite', database: 'sqlite' });
    const offline = await createTestParley(
      { name: 'sqlite', database: 'sqlite' },
      { config: { llm: { mode: 'offline' } } },
    );
    try {
      expect(isOfflineChatModel(auto.parley.internal.llm)).toBe(false);
      await expect(auto.parley.internal.llm.ping()).rejects.toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
      expect(isOfflineChatModel(offline.parley.internal.llm)).toBe(true);
      expect((await offline.parley.health.check()).checks.llm).toMatchObject({ status: 'up' });
    } finally {
      await auto.cleanup();
      await offline.cleanup();
    }
  });
});
