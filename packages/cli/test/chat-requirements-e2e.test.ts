import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { startPty, type PtySession } from './support/pty-session.js';
import { PARLEY_BIN } from './support/run-parley.js';

const PROMPT = '› Message, or /help';
const TAB = '\t';
const CTRL_C = '\u0003';
/** Ink turns on raw mode in an effect just after the first frame; keys sent before it are cooked. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

const running: PtySession[] = [];
afterEach(() => {
  for (const session of running.splice(0)) session.kill();
});

describe('parley chat requirements panel in a terminal (end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-req-e2e-'));
  let stub: LlmStub;
  let env: Record<string, string>;

  beforeAll(async () => {
    stub = await startLlmStub({ defaults: { chunkDelayMs: 5 } });
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
      LLM_BASE_URL: stub.url,
      LLM_API_KEY: 'test',
      TAVILY_API_KEY: 'tvly-test',
      TAVILY_BASE_URL: stub.url.replace(/\/v1$/, ''),
      // One query per search, so the scripted answer is the whole result list.
      SEARCH_MAX_QUERIES: '1',
    };
  });
  afterAll(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'a recruiter talks about a role and watches the panel fill in, flag a contradiction in red and ask a question; /search ranks results',
    { timeout: 180_000 },
    async () => {
      const run = startPty([process.execPath, PARLEY_BIN, 'chat', '--new'], env);
      running.push(run);
      await run.waitFor(PROMPT);
      await settle();
      expect(run.screen()).toContain('Tab requirements');
      run.write(TAB);
      await run.waitFor('Requirements v0');

      /** Types a message, sends it and waits for the stub's answer to it. */
      const say = async (message: string) => {
        run.write(message);
        await run.waitFor(`› ${message}`);
        run.write('\r');
        await run.waitFor(`You said: "${message}"`);
      };
      await say('We are hiring a junior backend engineer in Berlin.');
      await run.waitFor('Seniority: junior');
      await run.waitFor('Title: Backend Engineer');
      await run.waitFor('Locations: Berlin');

      const before = run.screen().length;
      await say('At least 8 years of experience, must know Go.');
      await run.waitFor('! A junior role asks for 8+ years.', { from: before });
      await run.waitFor('Must-have skills: Go', { from: before });
      await run.waitFor(/Questions[\s\S]*1\. /, { from: before });
      expect(run.raw()).toContain('\u001b[31m! A junior role asks for 8+ years.');

      stub.scriptSearch({
        results: [
          {
            title: 'Go backend salaries in Berlin',
            url: 'https://pay.example.com/go-berlin',
            content: 'Go engineers in Berlin earn 60-90k.',
            score: 0.7,
          },
        ],
      });
      run.write('/search market');
      await run.waitFor('› /search market');
      run.write('\r');
      await run.waitFor('Search market: 1 result(s)');
      await run.waitFor('1. Go backend salaries in Berlin');
      await run.waitFor(/matched: [^\n]*Go/);
      run.write('/keep 1');
      await run.waitFor('› /keep 1');
      run.write('\r');
      await run.waitFor('Kept: Go backend salaries in Berlin');

      run.write(CTRL_C);
      expect(await run.exited).toBe(0);
    },
  );
});
