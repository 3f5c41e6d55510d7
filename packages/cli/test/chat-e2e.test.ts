import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { startPty as startPtySession, type PtySession } from './support/pty-session.js';
import { PARLEY_BIN, runParley } from './support/run-parley.js';

const running: PtySession[] = [];
const startPty = (...args: Parameters<typeof startPtySession>) => {
  const session = startPtySession(...args);
  running.push(session);
  return session;
};
afterEach(() => {
  for (const session of running.splice(0)) session.kill();
});

const PROMPT = '› Message, or /help';
const CTRL_C = '\u0003';
/** Ink turns on raw mode in an effect just after the first frame; keys sent before it are cooked. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('parley chat in a terminal (end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-e2e-'));
  let stub: LlmStub;
  let env: Record<string, string>;

  beforeAll(async () => {
    stub = await startLlmStub({ defaults: { chunkDelayMs: 5 } });
    env = { DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`, LLM_BASE_URL: stub.url, LLM_API_KEY: 'test' };
  });
  afterAll(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `parley chat --new`, sends `message` and waits until the slow answer's first words show. */
  async function slowAnswer(text: string, message: string, firstWords: string) {
    stub.script({ text, chunkDelayMs: 400 });
    const run = startPty([process.execPath, PARLEY_BIN, 'chat', '--new'], env);
    await run.waitFor(PROMPT);
    await settle();
    const session = /session ([0-9a-f]{8}) ·/.exec(run.screen())?.[1];
    run.write(message);
    await run.waitFor(`› ${message}`);
    run.write('\r');
    await run.waitFor(firstWords);
    return { run, session: session! };
  }

  /** The stored messages of the session whose id starts with `prefix`, through the admin commands. */
  async function storedMessages(prefix: string) {
    const listed = await runParley(['sessions', 'list', '--json'], env);
    const id = (JSON.parse(listed.stdout) as { sessions: Array<{ id: string }> }).sessions.find((s) =>
      s.id.startsWith(prefix),
    )?.id;
    const shown = JSON.parse((await runParley(['sessions', 'show', id!, '--json'], env)).stdout) as {
      messages: Array<{ role: string; status: string; content: string }>;
    };
    return shown.messages;
  }

  it(
    'streams an answer, quits with Ctrl+C, and resumes the same session with its history',
    { timeout: 120_000 },
    async () => {
      const first = startPty([process.execPath, PARLEY_BIN, 'chat'], env);
      await first.waitFor(PROMPT);
      await settle();
      const session = /session ([0-9a-f]{8}) ·/.exec(first.screen())?.[1];
      expect(session).toBeDefined();
      first.write('hello from the terminal');
      await first.waitFor('› hello from the terminal');
      first.write('\r');
      await first.waitFor('You said: "hello from the terminal". This is the Parley LLM stub answering.');
      // The answer is over (stored, usage counted) once the status line shows tokens: only then is Ctrl+C a quit.
      await first.waitFor(/· [1-9]\d* tokens · local/);
      first.write(CTRL_C);
      expect(await first.exited).toBe(0);

      const second = startPty([process.execPath, PARLEY_BIN, 'chat'], env);
      await second.waitFor(PROMPT);
      await settle();
      expect(second.screen()).toContain(`Resumed session ${session}`);
      expect(second.screen()).toContain('› hello from the terminal');
      expect(second.screen()).toContain('You said: "hello from the terminal"');
      expect(second.screen()).toMatch(new RegExp(`session ${session} .*· [1-9]\\d* tokens · local`));
      second.write('/quit');
      await second.waitFor('› /quit');
      second.write('\r');
      expect(await second.exited).toBe(0);

      const chats = stub.requests.filter((request) => request.path === '/v1/chat/completions');
      expect(chats.length).toBeGreaterThanOrEqual(1);
    },
  );

  it(
    'Ctrl+C during an answer stops it and stores what arrived as incomplete',
    { timeout: 120_000 },
    async () => {
      const { run, session } = await slowAnswer(
        'alpha beta gamma delta epsilon zeta eta theta',
        'tell me slowly',
        'alpha beta',
      );
      run.write(CTRL_C);
      await run.waitFor('Answer stopped');
      run.write(CTRL_C);
      expect(await run.exited).toBe(0);

      const answer = (await storedMessages(session)).at(-1)!;
      expect(answer).toMatchObject({ role: 'assistant', status: 'incomplete' });
      expect(answer.content).toMatch(/^alpha beta/);
      expect(answer.content).not.toContain('theta');
    },
  );

  it(
    '/quit during an answer stores what arrived as incomplete before exiting',
    { timeout: 120_000 },
    async () => {
      const { run, session } = await slowAnswer(
        'uno dos tres cuatro cinco seis siete ocho',
        'count slowly',
        'uno dos',
      );
      run.write('/quit');
      await run.waitFor('› /quit');
      run.write('\r');
      expect(await run.exited).toBe(0);

      const messages = await storedMessages(session);
      expect(messages.map((message) => [message.role, message.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'incomplete'],
      ]);
      expect(messages[1]!.content).toMatch(/^uno dos/);
      expect(messages[1]!.content).not.toContain('ocho');
    },
  );

  it('--server pointing at nothing exits 1 at once with "unavailable", not an auth error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const run = startPty([process.execPath, PARLEY_BIN, 'chat', '--server', `http://127.0.0.1:${port}`], {
      PARLEY_TOKEN: 'a-token',
    });
    expect(await run.exited).toBe(1);
    expect(run.screen()).toContain(`The Parley server at http://127.0.0.1:${port} is unavailable`);
    expect(run.screen()).toContain('[INTERNAL]');
    expect(run.screen()).not.toContain('UNAUTHENTICATED');
  });

  it('with no LLM configured and no Ollama answering, exits 1 with one message naming the keys', async () => {
    const run = startPty([process.execPath, PARLEY_BIN, 'chat'], {
      DATABASE_URL: env.DATABASE_URL!,
      OLLAMA_HOST: '127.0.0.1:9',
    });
    expect(await run.exited).toBe(1);
    const screen = run.screen();
    for (const key of [
      'LLM_API_KEY',
      'OPENROUTER_API_KEY',
      'LLM_BASE_URL',
      'OPENROUTER_API_KEY=sk-or-',
      'LLM_BASE_URL=http://',
    ]) {
      expect(screen).toContain(key);
    }
    expect(screen).toContain('LLM_NOT_CONFIGURED');
  });

  it('uses a local Ollama (OLLAMA_HOST) when nothing else is configured', async () => {
    const run = startPty([process.execPath, PARLEY_BIN, 'chat', '--new'], {
      DATABASE_URL: env.DATABASE_URL!,
      OLLAMA_HOST: `127.0.0.1:${stub.port}`,
    });
    await run.waitFor(PROMPT);
    await settle();
    expect(run.screen()).toContain('model stub-model');
    run.write(CTRL_C);
    expect(await run.exited).toBe(0);
  });
});
