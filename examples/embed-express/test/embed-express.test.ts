import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley, type Parley } from '@parley/core';
import { createScryptPasswordHasher } from '@parley/core/adapters';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { start, type RunningApp } from '../src/start.js';

// prom-client as @parley/server resolves it: the same module, so the same global registry.
const fromServer = createRequire(new URL('../../../packages/server/package.json', import.meta.url));
const promClient = (await import(fromServer.resolve('prom-client'))) as {
  register: { getMetricsAsJSON(): Promise<unknown[]> };
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
const body = async (res: Response): Promise<any> => res.json();

let dir: string;
let stub: LlmStub;
let parley: Parley;
let running: RunningApp;
const sockets: Socket[] = [];

function socket(path: string, auth: Record<string, string> = {}): Promise<Socket> {
  const client = connect(`${running.url}${path}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}

describe('examples/embed-express', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-embed-'));
    stub = await startLlmStub({ reply: 'Happy to help with the hire.' });
    parley = await createParley({
      env: {
        NODE_ENV: 'test',
        JWT_SECRET: 'embed-example-secret-at-least-32-chars',
        LOG_LEVEL: 'silent',
        DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
      },
      config: { llm: { baseUrl: stub.url, apiKey: 'test-key' } },
      passwordHasher: createScryptPasswordHasher({ N: 1024 }),
    });
    running = await start({ port: 0, parley });
  });
  afterEach(async () => {
    for (const client of sockets.splice(0)) client.disconnect();
    await running.close();
    await parley.close();
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers on the host's own routes and on Parley's, end to end through a chat", async () => {
    const home = await fetch(running.url);
    expect(await home.text()).toBe('Acme Hiring');

    const unauthenticated = await fetch(`${running.url}/api/parley/me`);
    expect(unauthenticated.status).toBe(401);
    expect(await body(unauthenticated)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const credentials = JSON.stringify({ email: 'hr@acme.example', password: 'correct horse battery' });
    const json = { 'Content-Type': 'application/json' };
    expect(
      (
        await fetch(`${running.url}/api/parley/auth/register`, {
          method: 'POST',
          headers: json,
          body: credentials,
        })
      ).status,
    ).toBe(201);
    const login = await fetch(`${running.url}/api/parley/auth/login`, {
      method: 'POST',
      headers: json,
      body: credentials,
    });
    const { token } = (await body(login)).data;
    const bearer = { ...json, Authorization: `Bearer ${token}` };
    const created = await body(
      await fetch(`${running.url}/api/parley/sessions`, { method: 'POST', headers: bearer }),
    );
    const sessionId = created.data.session.id;
    const sent = await fetch(`${running.url}/api/parley/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ content: 'We need a recruiter' }),
    });
    expect(sent.status).toBe(201);
    expect((await body(sent)).data.answer).toMatchObject({ content: 'Happy to help with the hire.' });
  });

  it("keeps the host's 404, error handler and body limit, and Parley's own limit and 404", async () => {
    const missing = await fetch(`${running.url}/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, 'Acme: page not found']);
    const boom = await fetch(`${running.url}/api/boom`);
    expect([boom.status, await body(boom)]).toEqual([500, { acmeError: 'host failure' }]);

    const big = JSON.stringify({ text: 'x'.repeat(200 * 1024) });
    const hostNote = await fetch(`${running.url}/api/notes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(hostNote.status).toBe(201);
    const parleyBody = await fetch(`${running.url}/api/parley/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(parleyBody.status).toBe(413);
    expect((await body(parleyBody)).error.code).toBe('PAYLOAD_TOO_LARGE');

    const parleyMissing = await fetch(`${running.url}/api/parley/nope`);
    expect([parleyMissing.status, (await body(parleyMissing)).error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it("leaves the host's default socket namespace and global metrics registry alone", async () => {
    const hostSocket = await socket('/');
    expect(await hostSocket.emitWithAck('ping')).toBe('pong');
    await expect(socket('/parley')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    const { token } = await parley.auth.issueToken(
      (await parley.auth.register({ email: 'ops@acme.example', password: 'correct horse battery' })).id,
    );
    const parleySocket = await socket('/parley', { token });
    const session = await parley.sessions.create((await parley.auth.authenticate(token)).id);
    expect(await parleySocket.emitWithAck('join_session', { sessionId: session.id })).toMatchObject({
      ok: true,
    });
    expect(await promClient.register.getMetricsAsJSON()).toEqual([]);
  });
});
