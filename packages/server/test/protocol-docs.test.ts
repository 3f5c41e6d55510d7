import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHAT_EVENT_TYPES, SESSION_EVENT_TYPES, USER_EVENT_TYPES } from '@parley/core';
import { CLIENT_EVENTS, ROUTES, SERVER_EVENTS } from '@parley/protocol';
import { PARLEY_ROUTES } from '../src/http/parley-routes.js';
import { SOCKET_EVENTS } from '../src/socket/socket-events.js';

const doc = await readFile(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
// Table rows as `cell|cell|…`, whatever padding the formatter gives them.
const rows = doc.split('\n').map((line) => line.replace(/\s*\|\s*/g, '|'));
const hasRow = (...cells: string[]) => rows.some((row) => row.startsWith(`|${cells.join('|')}|`));

const routeCells = (route: string): [string, string] => {
  const [method, path] = route.split(' ') as [string, string];
  return [method.toUpperCase(), `\`${path}\``];
};

describe('docs/protocol.md', () => {
  it('documents every REST route', () => {
    const missing = PARLEY_ROUTES.filter(
      (route) => !hasRow(route.method.toUpperCase(), `\`${route.path}\``),
    ).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it('documents every route the protocol declares, and the server handles exactly those', () => {
    const declared = Object.values(ROUTES).map((route) => `${route.method} ${route.path}`);
    expect(declared.filter((route) => !hasRow(...routeCells(route)))).toEqual([]);
    expect(PARLEY_ROUTES.map((route) => `${route.method} ${route.path}`).sort()).toEqual(declared.sort());
  });

  it('documents every client event, and the server handles exactly the declared ones', () => {
    const missing = Object.keys(CLIENT_EVENTS).filter((event) => !hasRow(`\`${event}\``));
    expect(missing).toEqual([]);
    expect(Object.keys(SOCKET_EVENTS).sort()).toEqual(Object.keys(CLIENT_EVENTS).sort());
  });

  it('documents every event the server sends, and the protocol declares each one the core emits', () => {
    const declared = Object.keys(SERVER_EVENTS);
    expect(declared.filter((event) => !hasRow(`\`${event}\``))).toEqual([]);
    const sent = [...CHAT_EVENT_TYPES, ...SESSION_EVENT_TYPES, ...USER_EVENT_TYPES];
    expect(sent.filter((event) => !declared.includes(event))).toEqual([]);
  });
});
