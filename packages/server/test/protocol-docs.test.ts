import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHAT_EVENT_TYPES } from '@parley/core';
import { SESSION_EVENT_TYPES, USER_EVENT_TYPES } from '@parley/core/types';
import { PARLEY_ROUTES } from '../src/http/parley-routes.js';
import { SOCKET_EVENTS } from '../src/socket/socket-events.js';

const doc = await readFile(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
// Table rows as `cell|cell|…`, whatever padding the formatter gives them.
const rows = doc.split('\n').map((line) => line.replace(/\s*\|\s*/g, '|'));
const hasRow = (...cells: string[]) => rows.some((row) => row.startsWith(`|${cells.join('|')}|`));

describe('docs/protocol.md', () => {
  it('documents every REST route', () => {
    const missing = PARLEY_ROUTES.filter(
      (route) => !hasRow(route.method.toUpperCase(), `\`${route.path}\``),
    ).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it('documents every client event', () => {
    const missing = Object.keys(SOCKET_EVENTS).filter((event) => !hasRow(`\`${event}\``));
    expect(missing).toEqual([]);
  });

  it('documents every event the server sends', () => {
    const sent = [...CHAT_EVENT_TYPES, ...SESSION_EVENT_TYPES, ...USER_EVENT_TYPES];
    expect(sent.filter((event) => !hasRow(`\`${event}\``))).toEqual([]);
  });
});
