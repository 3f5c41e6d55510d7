import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley, type Parley } from '@parley/core';
import { createManualClock } from '@parley/core/testing';
import { startPty } from './support/pty-session.js';
import { PARLEY_BIN, runParley } from './support/run-parley.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-cli-admin-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'parley.db')}` };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the binary's JSON output is asserted field by field
const json = (text: string) => JSON.parse(text) as Record<string, any>;

let activeId: string;
let staleId: string;
let ownerEmail: string;

/** Seeds the database the binary will read: one fresh session with two messages, one idle for two days. */
async function seed(): Promise<void> {
  const clock = createManualClock(new Date(Date.now() - 2 * 86_400_000));
  const parley: Parley = await createParley({ env: { ...env, LOG_LEVEL: 'silent' }, clock });
  try {
    const owner = await parley.auth.register({ email: 'owner@example.com', password: 'owner-password' });
    ownerEmail = owner.email;
    staleId = (await parley.sessions.create(owner.id)).id;
    await parley.conversation.append(owner.id, staleId, { role: 'user', content: 'an old question' });
    clock.set(new Date());
    activeId = (await parley.sessions.create(owner.id, { title: 'Backend hire' })).id;
    await parley.conversation.append(owner.id, activeId, {
      role: 'user',
      content: 'We need a **senior** engineer.',
    });
    await parley.conversation.append(owner.id, activeId, { role: 'assistant', content: 'Which stack?' });
    await parley.requirements.update(owner.id, activeId, {
      version: 0,
      set: { title: 'Backend Engineer', seniority: 'junior', experience: { min: 8 } },
    });
  } finally {
    await parley.close();
  }
}

beforeAll(async () => {
  const migrated = await runParley(['migrate', '--json'], env);
  expect(migrated.code).toBe(0);
  expect(json(migrated.stdout)).toEqual({ migrated: true, database: 'sqlite' });
  await seed();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('parley users', () => {
  it('adds a user with the password piped on stdin and lists it', async () => {
    const added = await runParley(
      ['users', 'add', 'ada@example.com', '--name', 'Ada', '--json'],
      env,
      'correct horse\n',
    );
    expect(added.code).toBe(0);
    expect(json(added.stdout).user).toMatchObject({ email: 'ada@example.com', displayName: 'Ada' });
    expect(added.stdout).not.toContain('correct horse');

    const listed = await runParley(['users', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(json(listed.stdout).users.map((user: { email: string }) => user.email)).toContain(
      'ada@example.com',
    );
  });

  it('fails with 1 and the error code when the email is taken', async () => {
    const again = await runParley(
      ['users', 'add', ownerEmail, '--password', 'another-password', '--json'],
      env,
    );
    expect(again.code).toBe(1);
    expect(json(again.stdout).error.code).toBe('EMAIL_TAKEN');
  });

  it('never prompts without a terminal: no password piped is a usage error', async () => {
    const result = await runParley(['users', 'add', 'nopass@example.com'], env, '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password');
  });
});

describe('parley sessions', () => {
  it('lists sessions of every user with their effective status', async () => {
    const result = await runParley(['sessions', 'list', '--json'], env);
    expect(result.code).toBe(0);
    const byId = new Map(
      json(result.stdout).sessions.map((s: { id: string; status: string }) => [s.id, s.status]),
    );
    expect(byId.get(activeId)).toBe('active');
    expect(byId.get(staleId)).toBe('expired');

    const active = await runParley(['sessions', 'list', '--status', 'active', '--json'], env);
    expect(json(active.stdout).sessions.map((s: { id: string }) => s.id)).toEqual([activeId]);
  });

  it.each([
    ['on a terminal', {}, true],
    ['with NO_COLOR', { NO_COLOR: '1' }, false],
    ['with FORCE_COLOR=0', { FORCE_COLOR: '0' }, false],
  ])('colours the table header %s: %s → %s', async (_name, extra, coloured) => {
    const run = startPty([process.execPath, PARLEY_BIN, 'sessions', 'list'], { ...env, ...extra });
    try {
      expect(await run.exited).toBe(0);
      expect(run.screen()).toMatch(/ID\s+USER\s+STATUS/);
      expect(run.raw().includes('\u001b[1mID')).toBe(coloured);
    } finally {
      run.kill();
    }
  });

  it('prints a human table without colour when stdout is not a terminal', async () => {
    const result = await runParley(['sessions', 'list'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ID\s+USER\s+STATUS/);
    expect(result.stdout).toContain(activeId);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('shows one session with its owner and messages', async () => {
    const result = await runParley(['sessions', 'show', activeId, '--json'], env);
    expect(result.code).toBe(0);
    const shown = json(result.stdout);
    expect(shown.session).toMatchObject({ id: activeId, title: 'Backend hire', lastSeq: 2 });
    expect(shown.user.email).toBe(ownerEmail);
    expect(shown.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
  });

  it("prints any user's session requirements: JSON for scripts, lines with the open conflict for people", async () => {
    const result = await runParley(['sessions', 'requirements', activeId, '--json'], env);
    expect(result.code).toBe(0);
    const view = json(result.stdout);
    expect(Object.keys(view).sort()).toEqual(['conflicts', 'profile', 'questions', 'version']);
    expect(view.version).toBe(1);
    expect(view.profile.seniority).toMatchObject({ value: 'junior', provenance: { source: 'user' } });
    expect(view.conflicts).toEqual([expect.objectContaining({ rule: 'seniority-vs-years', state: 'open' })]);

    const human = await runParley(['sessions', 'requirements', activeId], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Requirements (version 1)');
    expect(human.stdout).toContain('Title: Backend Engineer');
    expect(human.stdout).toMatch(/Conflicts\n {2}! A junior role/);
    expect(human.stdout).toMatch(/Open questions\n {2}1\. /);
    expect(human.stdout).not.toContain('\u001b[');

    const markdown = await runParley(['sessions', 'export', activeId, '--format', 'md'], env);
    expect(markdown.stdout).toContain('## Requirements (version 1)');
    expect(markdown.stdout).toContain('- Seniority: junior');
  });

  it('sessions requirements answers 3 with SESSION_NOT_FOUND for an unknown session', async () => {
    const unknown = await runParley(
      ['sessions', 'requirements', '00000000-0000-4000-8000-000000000000', '--json'],
      env,
    );
    expect(unknown.code).toBe(3);
    expect(json(unknown.stdout).error.code).toBe('SESSION_NOT_FOUND');
    expect((await runParley(['sessions', 'requirements', 'nope'], env)).code).toBe(3);
  });

  it('answers 3 for an unknown session id, well-formed or not', async () => {
    const unknown = await runParley(
      ['sessions', 'show', '00000000-0000-4000-8000-000000000000', '--json'],
      env,
    );
    expect(unknown.code).toBe(3);
    expect(json(unknown.stdout).error.code).toBe('SESSION_NOT_FOUND');
    expect((await runParley(['sessions', 'close', 'nope'], env)).code).toBe(3);
    expect((await runParley(['sessions', 'export', 'nope', '--format', 'md'], env)).code).toBe(3);
  });

  it('exports Markdown to stdout and JSON to a file', async () => {
    const markdown = await runParley(['sessions', 'export', activeId, '--format', 'md'], env);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('# Backend hire');
    expect(markdown.stdout).toContain('We need a **senior** engineer.');

    const wrapped = await runParley(['sessions', 'export', activeId, '--format', 'md', '--json'], env);
    expect(wrapped.code).toBe(0);
    expect(json(wrapped.stdout)).toEqual({ sessionId: activeId, format: 'md', content: markdown.stdout });

    const file = join(dir, 'export.json');
    const written = await runParley(
      ['sessions', 'export', activeId, '--format', 'json', '-o', file, '--json'],
      env,
    );
    expect(written.code).toBe(0);
    expect(json(written.stdout)).toMatchObject({ sessionId: activeId, format: 'json', file });
    expect(JSON.parse(readFileSync(file, 'utf8')).messages).toHaveLength(2);
  });

  it('purges: a dry run counts, the real run expires and deletes old ended sessions', async () => {
    const dry = await runParley(['sessions', 'purge', '--dry-run', '--older-than', '1d', '--json'], env);
    expect(dry.code).toBe(0);
    expect(json(dry.stdout)).toEqual({ expired: 1, deleted: 0, dryRun: true });

    const run = await runParley(['sessions', 'purge', '--older-than', '1d', '--json'], env);
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toEqual({ expired: 1, deleted: 1, dryRun: false });
    expect((await runParley(['sessions', 'show', staleId], env)).code).toBe(3);
  });

  it('closes a session', async () => {
    const result = await runParley(['sessions', 'close', activeId, '--json'], env);
    expect(result.code).toBe(0);
    expect(json(result.stdout).session).toMatchObject({ id: activeId, status: 'closed' });
  });
});

describe.concurrent('parley health and config', () => {
  it('reports the core as degraded (no LLM) with exit 0', async () => {
    const result = await runParley(['health', '--json'], env);
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.status).toBe('degraded');
    expect(report.checks.database.status).toBe('up');
    expect(report.checks.llm.status).toBe('degraded');
  });

  it('exits 1 when the database is down', async () => {
    const down = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', DATABASE_CONNECT_TIMEOUT_MS: '300' };
    const result = await runParley(['health', '--json'], down);
    expect(result.code).toBe(1);
    expect(json(result.stdout).checks.database.status).toBe('down');
  });

  it('prints the effective configuration with every secret redacted', async () => {
    const secrets = {
      DATABASE_URL: 'postgres://app:db-password-123@db.internal:5432/parley',
      REDIS_URL: 'redis://:redis-password-456@cache.internal:6379',
      LLM_API_KEY: 'sk-secret-789',
      JWT_SECRET: 'jwt-secret-that-is-long-enough-000000',
      LLM_BASE_URL: 'https://user:llm-pass@llm.internal/v1?api_key=llm-qs-key&region=eu',
      LLM_APP_URL: 'https://site:app-pass@app.example.com/',
    };
    const leaks = ['db-password-123', 'redis-password-456', 'sk-secret-789', 'jwt-secret-that'];
    leaks.push('llm-pass', 'llm-qs-key', 'app-pass');
    const result = await runParley(['config', '--json', '--log-level', 'debug'], secrets);
    const text = await runParley(['config'], secrets);
    expect([result.code, text.code]).toEqual([0, 0]);
    for (const secret of leaks) {
      expect(result.stdout).not.toContain(secret);
      expect(text.stdout).not.toContain(secret);
    }
    const config = json(result.stdout);
    expect(config.database.url).toBe('postgres://app:[redacted]@db.internal:5432/parley');
    expect(config.llm.apiKey).toBe('[redacted]');
    expect(config.llm.baseUrl).toBe('https://user:[redacted]@llm.internal/v1?api_key=[redacted]&region=eu');
    expect(config.logLevel).toBe('debug');
    expect(text.stdout).toContain('llm.appUrl = "https://site:[redacted]@app.example.com/"');
  });

  it('redacts credentials passed as URL query parameters', async () => {
    const secrets = {
      DATABASE_URL: 'postgres://db/x?password=qs-secret&sslpassword=ssl-secret&application_name=parley',
    };
    for (const args of [['config', '--json'], ['config']]) {
      const result = await runParley(args, secrets);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('qs-secret');
      expect(result.stdout).not.toContain('ssl-secret');
      expect(result.stdout).toContain('application_name=parley');
    }
  });

  it('answers 2 with the offending key for an invalid configuration', async () => {
    const result = await runParley(['config', '--json'], { SESSION_TTL_MINUTES: 'soon' });
    expect(result.code).toBe(2);
    expect(json(result.stdout).error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(json(result.stdout).error.message).toContain('SESSION_TTL_MINUTES');
  });
});

describe.concurrent('bad usage', () => {
  it.each([
    [['sessions', 'list', '--bogus']],
    [['sessions', 'purge', '--older-than', 'soon']],
    [['sessions', 'export', 'x', '--format', 'xml']],
    [['sessions', 'export', 'x']],
    [['users', 'list', '--limit', '0']],
    [['--log-level', 'loud', 'health']],
    [['sessions', 'show', 'x', '--bogus']],
    [['sessions', 'show', 'x', '--messages', '0']],
    [['sessions', 'close', 'x', '--bogus']],
    [['sessions', 'close']],
    [['sessions', 'requirements']],
    [['sessions', 'requirements', 'x', '--bogus']],
    [['users', 'add', 'x@example.com', '--bogus']],
    [['users', 'add']],
    [['serve', '--port', 'eighty']],
    [['migrate', '--bogus']],
    [['health', '--bogus']],
    [['config', '--bogus']],
    [['chat', '--bogus']],
    [['chat', '--server']],
    [['frobnicate']],
    [[]],
  ])('parley %j exits 2 with usage on stderr', async (args) => {
    const result = await runParley(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: parley');
    expect(result.stdout).toBe('');
  });

  it('parley --help exits 0', async () => {
    const result = await runParley(['--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sessions');
  });

  it('parley chat refuses to start without a terminal', async () => {
    const result = await runParley(['chat'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
  });
});

describe('parley serve', () => {
  it('listens, answers readiness, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [PARLEY_BIN, 'serve', '--port', '0', '--json'], {
      env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'silent', OLLAMA_HOST: '127.0.0.1:9' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const address = await new Promise<{ url: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('}')) resolve(JSON.parse(stdout) as { url: string });
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const ready = await fetch(`${address.url}/health/ready`);
    expect([200, 503]).toContain(ready.status);
    const { checks } = (await ready.json()) as { checks: Record<string, { status: string }> };
    expect(checks).toHaveProperty('database');
    // No endpoint and no Ollama: the offline intake answers, with a warning naming the keys (issue 15).
    expect(checks.llm).toMatchObject({ status: 'up' });
    expect(stderr).toContain('serving the offline intake (model parley-offline)');
    for (const key of ['LLM_API_KEY', 'OPENROUTER_API_KEY', 'LLM_BASE_URL']) expect(stderr).toContain(key);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
