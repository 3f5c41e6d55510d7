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
    expect(run.screen()).toContain('[SERVER_UNAVAILABLE]');
    expect(run.screen()).not.toContain('UNAUTHENTICATED');
  });

  it(
    'with no LLM configured and no Ollama answering, runs the offline intake: banner, acknowledgements, the planted contradiction, the summary, the profile panel',
    { timeout: 120_000 },
    async () => {
      const run = startPty([process.execPath, PARLEY_BIN, 'chat', '--new'], {
        DATABASE_URL: `sqlite:${join(dir, 'offline.db')}`,
        OLLAMA_HOST: '127.0.0.1:9',
      });
      await run.waitFor(PROMPT);
      await settle();
      const flat = (text: string) => text.replace(/\s+/g, ' ');
      expect(flat(run.screen())).toContain(
        'Offline intake (no LLM configured): set LLM_API_KEY, OPENROUTER_API_KEY or LLM_BASE_URL, or run Ollama, for a real model.',
      );
      expect(run.screen()).toContain('model parley-offline');

      /** Sends one message and returns what the screen showed until its answer was stored (tokens counted). */
      const say = async (message: string): Promise<string> => {
        const tokens = [...run.screen().matchAll(/· (\d+) tokens · local/g)].at(-1)?.[1] ?? '0';
        const from = run.screen().length;
        run.write(message);
        await run.waitFor(`› ${message}`, { from });
        run.write('\r');
        await run.waitFor(new RegExp(`· (?!${tokens} tokens)\\d+ tokens · local`), { from });
        return flat(run.screen().slice(from));
      };

      const first = await say('Hiring a senior backend engineer: must have Go and Kubernetes, 5 years.');
      expect(first).toMatch(
        /title Backend Engineer; seniority senior; years of experience 5 years; must-have skills Go, Kubernetes/,
      );
      expect(first).toContain('Where is the role based');
      const second = await say('Fully remote.');
      expect(second).toContain('remote policy remote');
      expect(second).toContain('full-time or part-time');
      const third = await say('They have to be in the Berlin office three days a week.');
      expect(third).toContain('remote policy hybrid, 3 office day(s) a week; locations Berlin');
      expect(third).toContain('Remote policy was remote, then hybrid, 3 office day(s) a week.');
      const fourth = await say('Yes, three days a week in the Berlin office.');
      expect(fourth).not.toContain('Remote policy was remote');
      expect(fourth).toContain('full-time or part-time');
      const fifth = await say('Full-time, permanent.');
      expect(fifth).toContain('employment type full-time, permanent');
      for (const line of [
        'Title: Backend Engineer',
        'Seniority: senior',
        'Remote policy: hybrid, 3 office day(s) a week',
        'Employment type: full-time, permanent',
        'Must-have skills: Go, Kubernetes',
        'Locations: Berlin',
      ])
        expect(fifth).toContain(line);
      const beforePanel = run.screen().length;
      run.write('\t');
      await run.waitFor(/Requirements v\d+/, { from: beforePanel });
      await run.waitFor('Title: Backend Engineer', { from: beforePanel });
      await run.waitFor('Locations: Berlin', { from: beforePanel });
      run.write(CTRL_C);
      expect(await run.exited).toBe(0);
    },
  );

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
