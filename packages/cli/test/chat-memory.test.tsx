import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MemoryItem } from '@parley/core';
import { ChatApp } from '../src/chat/chat-app.js';
import { FakeChatBackend, fakeSession } from './support/fake-chat-backend.js';

const ENTER = '\r';
const SESSION = 'cccccccc-0000-4000-8000-000000000000';
const USAGE = 'Usage: /memory, /memory forget <n>, /memory off, /memory on';

const item = (id: string, kind: MemoryItem['kind'], key: string, value: string): MemoryItem => ({
  id,
  userId: 'u1',
  kind,
  key,
  value,
  sourceSessionId: null,
  sourceMessageId: null,
  createdAt: new Date('2026-03-01T10:00:00Z'),
  updatedAt: new Date('2026-03-01T10:00:00Z'),
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(items: MemoryItem[] = []) {
  const backend = new FakeChatBackend();
  backend.memoryItems = items;
  const current = { session: fakeSession(SESSION, { title: 'Go hire' }), messages: [] };
  backend.add(current);
  const cwd = mkdtempSync(join(tmpdir(), 'parley-chat-memory-'));
  dirs.push(cwd);
  const app = render(<ChatApp backend={backend} start={{ current }} cwd={cwd} />);
  const frame = () => app.lastFrame() ?? '';
  const type = async (text: string) => {
    app.stdin.write(text);
    await vi.waitFor(() => expect(frame()).toContain(`› ${text}`));
    app.stdin.write(ENTER);
    await vi.waitFor(() => expect(frame()).toContain('› Message, or /help'));
  };
  return { backend, frame, type };
}

const remembered = () => [
  item('m-currency', 'preference', 'currency', 'EUR'),
  item('m-location', 'fact', 'location', 'Lisbon'),
  item('m-style', 'style', 'length', 'keep it short'),
];

describe('ChatApp /memory (R9.3)', () => {
  it('/memory lists what Parley remembers, numbered, with the switch', async () => {
    const { frame, type } = setup(remembered());
    await type('/memory');
    await vi.waitFor(() => expect(frame()).toContain('Parley remembers:'));
    expect(frame()).toContain('Personalization on.');
    expect(frame()).toMatch(
      /1\. \[preference\] currency: EUR[\s\S]*2\. \[fact\] location: Lisbon[\s\S]*3\. \[style\] length: keep it short/,
    );
  });

  it('/memory says so when nothing is remembered', async () => {
    const { frame, type } = setup();
    await type('/memory');
    await vi.waitFor(() => expect(frame()).toContain('Parley remembers nothing about you yet.'));
  });

  it('/memory forget n deletes the nth item listed and says which; the list no longer has it', async () => {
    const { backend, frame, type } = setup(remembered());
    await type('/memory forget 2');
    await vi.waitFor(() => expect(frame()).toContain('Forgot: [fact] location: Lisbon'));
    expect(backend.forgotten).toEqual(['m-location']);
    await type('/memory');
    await vi.waitFor(() => expect(frame()).toContain('2. [style] length: keep it short'));
    expect(backend.memoryItems.map((kept) => kept.id)).toEqual(['m-currency', 'm-style']);
  });

  it.each([
    ['/memory forget 4', 'No remembered item 4.'],
    ['/memory forget 0', 'No remembered item 0.'],
  ])('%s is refused with the usage line and forgets nothing', async (line, says) => {
    const { backend, frame, type } = setup(remembered());
    await type(line);
    await vi.waitFor(() => expect(frame()).toContain(says));
    expect(frame()).toContain(USAGE);
    expect(backend.forgotten).toEqual([]);
    expect(backend.memoryItems).toHaveLength(3);
  });

  it.each([
    '/memory forget two',
    '/memory forget',
    '/memory forget 1 2',
    '/memory forget -1',
    '/memory wipe',
  ])('%s shows the usage line and changes nothing', async (line) => {
    const { backend, frame, type } = setup(remembered());
    await type(line);
    await vi.waitFor(() => expect(frame()).toContain(USAGE));
    expect(backend.forgotten).toEqual([]);
    expect(backend.memoryItems).toHaveLength(3);
    expect(backend.personalization).toBe(true);
  });

  it('/memory off and /memory on switch personalization and /memory shows the switch', async () => {
    const { backend, frame, type } = setup(remembered());
    await type('/memory off');
    await vi.waitFor(() => expect(frame()).toContain('Personalization off: Parley stops learning'));
    expect(backend.personalization).toBe(false);
    await type('/memory');
    await vi.waitFor(() => expect(frame()).toContain('Personalization off: nothing is learned or applied'));
    expect(frame()).toContain('1. [preference] currency: EUR');
    await type('/memory on');
    await vi.waitFor(() => expect(frame()).toContain('Personalization on: Parley learns'));
    expect(backend.personalization).toBe(true);
  });

  it('says what Parley learned when a memory_updated event arrives', async () => {
    const { backend, frame } = setup();
    await vi.waitFor(() => expect(frame()).toContain('› Message, or /help'));
    backend.learn(item('m-currency', 'preference', 'currency', 'EUR'));
    await vi.waitFor(() => expect(frame()).toContain('Remembered: [preference] currency: EUR'));
  });

  it('/help lists /memory', async () => {
    const { frame, type } = setup();
    await type('/help');
    await vi.waitFor(() => expect(frame()).toContain('/memory [forget <n> | off | on]'));
  });
});
