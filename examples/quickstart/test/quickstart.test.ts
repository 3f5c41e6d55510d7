import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/quickstart (R12.4)', () => {
  let stub: LlmStub;
  let dir: string;
  beforeEach(async () => {
    stub = await startLlmStub({ reply: 'A senior Go engineer in Berlin: which team will they join?' });
    dir = await mkdtemp(join(tmpdir(), 'parley-quickstart-'));
  });
  afterEach(async () => {
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs as written: streams the answer, stores it and prints the Markdown export', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'Need a Go engineer'], {
      cwd: exampleDir,
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
        LLM_BASE_URL: stub.url,
        LLM_MODEL: 'stub-model',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'development',
      },
      timeout: 30_000,
    });
    expect(stdout).toContain('A senior Go engineer in Berlin: which team will they join?');
    expect(stdout).toMatch(/stored as message 2, [1-9]\d* tokens/);
    expect(stdout).toContain('## 1. user');
    expect(stdout).toContain('Need a Go engineer');
  });
});
