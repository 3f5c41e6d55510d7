import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('examples/quickstart/src/embed.ts: embedding through the public entry points (issue 9)', () => {
  it('type-checks against the built package exports alone (no paths, no deep imports)', async () => {
    // tsconfig.exports.json has no `paths`: @parley/core resolves through package.json `exports`
    // to dist/*.d.ts, so an import of anything but the root or a listed subpath fails here.
    await expect(
      run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.exports.json'], { cwd: exampleDir }),
    ).resolves.toBeDefined();
  });

  it('runs: typed config wins over the environment, the offline intake answers, the profile fills', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/embed.ts'], {
      cwd: exampleDir,
      env: { ...process.env, SESSION_TTL_MINUTES: '10', LLM_MODE: 'auto', NODE_ENV: 'development' },
      timeout: 60_000,
    });
    expect(stdout).toContain('> We need a senior backend engineer who knows Go.');
    expect(stdout).toMatch(/profile \{.*"seniority":"senior".*"mustHaveSkills":\[\{"name":"Go"/);
    expect(stdout).toContain('session ttl 60 minutes');
    expect(stdout).toContain('sessions across users 1');
    expect(stdout).toContain('CONFIG_INVALID ["sessions.ttlMinutes"]');
  });
});
