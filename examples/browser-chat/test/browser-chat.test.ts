import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley, type Parley } from '@parley/core';
import { createScryptPasswordHasher } from '@parley/core/adapters';
import { startLlmStub, type LlmStub, type ReplySpec } from '@parley/llm-stub';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { start, type RunningChat } from '../src/start.js';
import { describeWithChromium, launchChromium } from './support/chromium.js';

const ANSWER = 'Happy to help with the hire. Which role are you filling, and where is it based?';
const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';

let browser: Browser;
let dir: string;
let stub: LlmStub;
let parley: Parley;
let running: RunningChat;
/** The next conversation answer, when a test wants another than the default. */
let nextAnswer: ReplySpec | undefined;

async function logIn(page: Page, action: 'Log in' | 'Register', password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: action, exact: true }).click();
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allTextContents();

describeWithChromium('examples/browser-chat in headless Chromium (R12.1)', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-browser-chat-'));
    stub = await startLlmStub({
      // Titles and extraction ask for JSON; the conversation gets the answer in several chunks.
      reply: (request) =>
        request.response_format?.type === 'json_object'
          ? JSON.stringify({ title: 'Hiring chat' })
          : (nextAnswer ?? { text: ANSWER, chunkCount: 5 }),
    });
    parley = await createParley({
      env: {
        NODE_ENV: 'test',
        JWT_SECRET: 'browser-chat-example-secret-32-chars',
        LOG_LEVEL: 'silent',
        DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
      },
      // One socket event per delta, so the page's chunk count shows the answer streamed (coalescing
      // would join the stub's back-to-back deltas into one event).
      config: { llm: { baseUrl: stub.url, apiKey: 'test-key' }, sockets: { chunkCoalesceMs: 'off' } },
      passwordHasher: createScryptPasswordHasher({ N: 1024 }),
    });
    running = await start({ port: 0, parley });
  });
  afterEach(async () => {
    nextAnswer = undefined;
    await running.close();
    await parley.chat.idle();
    await parley.close();
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers, streams an answer chunk by chunk, and shows the history after a reload', async () => {
    const page = await browser.newPage();
    await page.goto(running.url);
    await page.getByRole('button', { name: 'Register' }).waitFor();
    expect(await page.getByLabel('Message').isVisible()).toBe(false);
    await logIn(page, 'Register');
    await page.locator('#user-email', { hasText: EMAIL }).waitFor();

    await page.getByLabel('Message').fill('We need a recruiter in Berlin.');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('.message.assistant[data-state="complete"]');
    await answer.waitFor();
    const chunks = await answer.locator('.chunk').allTextContents();
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(ANSWER);
    expect(await answer.getAttribute('data-chunks')).toBe(String(chunks.length));
    expect(await page.locator('#error').isHidden()).toBe(true);

    await page.reload();
    await page.locator('.message.assistant').waitFor();
    expect(await texts(page, '.message')).toEqual(['We need a recruiter in Berlin.', ANSWER]);
    expect(await texts(page, '#sessions [aria-current="true"]')).toHaveLength(1);
    expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await page.close();
  });

  it('shows a refused login, then logs in and reopens the last session with its history', async () => {
    const user = await parley.auth.register({ email: EMAIL, password: PASSWORD });
    const session = await parley.sessions.create(user.id);
    await (
      await parley.chat.send({ userId: user.id, sessionId: session.id, content: 'Hello there' })
    ).done;

    const page = await browser.newPage();
    await page.goto(running.url);
    await logIn(page, 'Log in', 'not the password');
    await page.locator('#error', { hasText: 'INVALID_CREDENTIALS' }).waitFor();

    await logIn(page, 'Log in');
    await page.locator('.message.assistant').waitFor();
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await texts(page, '.message')).toEqual(['Hello there', ANSWER]);
    expect(await page.locator('#sessions button').count()).toBe(1);
    await page.close();
  });

  it('shows an answer cut off mid-stream as an error, and keeps its part in the history', async () => {
    nextAnswer = { text: ANSWER, chunkCount: 5, dropAfterChunks: 2 };
    const page = await browser.newPage();
    await page.goto(running.url);
    await logIn(page, 'Register');
    await page.getByLabel('Message').fill('We need a recruiter in Berlin.');
    await page.getByRole('button', { name: 'Send' }).click();

    const cut = page.locator('.message.assistant[data-state="error"]');
    await cut.waitFor();
    expect(await page.locator('#error').textContent()).toBe(
      'LLM_UNAVAILABLE: The language model stopped in the middle of its answer.',
    );
    const partial = (await cut.textContent()) ?? '';
    expect(await cut.locator('.chunk').count()).toBe(2);
    expect(partial.length).toBeGreaterThan(0);
    expect(ANSWER.startsWith(partial)).toBe(true);

    await page.reload();
    await page.locator('.message.assistant').waitFor();
    expect(await texts(page, '.message')).toEqual(['We need a recruiter in Berlin.', partial]);
    expect(await page.locator('.message.assistant').getAttribute('data-state')).toBe('incomplete');
    await page.close();
  });
});
