import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParley } from './support/run-parley.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-cli-memory-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'parley.db')}` };

beforeAll(async () => {
  const parley = await createParley({ env: { ...env, LOG_LEVEL: 'silent' } });
  try {
    const ada = await parley.auth.register({ email: 'ada@example.com', password: 'ada-password' });
    await parley.memory.remember(ada.id, [{ kind: 'preference', key: 'currency', value: 'EUR' }], {
      sessionId: null,
      messageId: null,
    });
  } finally {
    await parley.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parley memory (R9, issue 12)', () => {
  it('shows what is remembered, forgets it all, and names an unknown user', async () => {
    const shown = await runParley(['memory', 'show', '--user', 'ADA@example.com', '--json'], env);
    expect(shown.code).toBe(0);
    const view = JSON.parse(shown.stdout) as {
      items: { key: string; value: string }[];
      personalization: boolean;
    };
    expect(view.items.map((i) => [i.key, i.value])).toEqual([['currency', 'EUR']]);
    expect(view.personalization).toBe(true);

    const human = await runParley(['memory', 'show', '--user', 'ada@example.com'], env);
    expect(human.stdout).toContain('1. [preference] currency: EUR');

    const forgot = await runParley(['memory', 'forget', '--user', 'ada@example.com', '--json'], env);
    expect(JSON.parse(forgot.stdout)).toMatchObject({ deleted: 1 });
    const empty = await runParley(['memory', 'show', '--user', 'ada@example.com', '--json'], env);
    expect(JSON.parse(empty.stdout)).toMatchObject({ items: [] });

    const unknown = await runParley(['memory', 'show', '--user', 'nobody@example.com'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('USER_NOT_FOUND');
    // Five runs of the binary, each starting Node and migrating: slow on a loaded machine.
  }, 120_000);
});
