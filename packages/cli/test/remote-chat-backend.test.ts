import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ParleyClientError } from '@parley/client';
import { createParley, ParleyError, type Parley } from '@parley/core';
import { createParleyServer, type ParleyServer } from '@parley/server';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { ChatBackend, ChatBackendEvent } from '../src/chat/chat-backend.js';
import { connectRemoteChatBackend, loginToServer } from '../src/chat/remote-chat-backend.js';
import { startConversation } from '../src/chat/start-conversation.js';

/** A port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('remote chat backend without a server', () => {
  it('reports an unreachable server as SERVER_UNAVAILABLE, not UNAUTHENTICATED, for connecting and for login', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const connecting = await connectRemoteChatBackend(url, 'a-token').catch((error: unknown) => error);
    expect(ParleyClientError.is(connecting, 'SERVER_UNAVAILABLE')).toBe(true);
    expect((connecting as Error).message).toMatch(
      /^The Parley server at http:\/\/127\.0\.0\.1:\d+ is unavailable/,
    );
    const login = await loginToServer(url, 'a@example.com', 'password').catch((error: unknown) => error);
    expect(ParleyClientError.is(login, 'SERVER_UNAVAILABLE')).toBe(true);
    expect((login as Error).message).toContain('ECONNREFUSED');
  });
});

describe('remote chat backend against a real Parley server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-remote-'));
  let stub: LlmStub;
  let parley: Parley;
  let server: ParleyServer;
  let url: string;
  let backend: ChatBackend;

  beforeAll(async () => {
    stub = await startLlmStub();
    parley = await createParley({
      env: {
        DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
        LLM_BASE_URL: stub.url,
        LLM_API_KEY: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
      },
    });
    await parley.auth.register({ email: 'remote@example.com', password: 'remote-password' });
    server = createParleyServer(parley, { redis: false });
    ({ url } = await server.listen(0));
    backend = await connectRemoteChatBackend(
      url,
      await loginToServer(url, 'remote@example.com', 'remote-password'),
    );
  });
  afterAll(async () => {
    await backend?.close();
    await server?.close();
    await parley?.close();
    await stub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a wrong password with INVALID_CREDENTIALS and a bad token with UNAUTHENTICATED', async () => {
    await expect(loginToServer(url, 'remote@example.com', 'wrong-password')).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(connectRemoteChatBackend(url, 'not-a-token')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('starts a session, streams an answer, and restores the session with its history', async () => {
    const start = await startConversation(backend, false);
    const sessionId = start.current.session.id;
    expect(start.current.messages).toEqual([]);

    const events: ChatBackendEvent[] = [];
    const finished = new Promise<void>((resolve) => {
      backend.subscribe(sessionId, (event) => {
        events.push(event);
        if (event.type === 'assistant_end' || event.type === 'assistant_error') resolve();
      });
    });
    const { turnId } = await backend.send(sessionId, 'hello over the wire');
    await finished;
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['message_received', 'assistant_start', 'assistant_chunk', 'assistant_end']),
    );
    expect(events.every((event) => !('turnId' in event) || event.turnId === turnId)).toBe(true);
    // Session events (requirements, title) may follow the answer's end in the same batch.
    const end = events.find((event) => event.type === 'assistant_end');
    expect(end?.type === 'assistant_end' && end.message.content).toContain('You said: "hello over the wire"');

    const restored = await startConversation(backend, false);
    expect(restored.current.session.id).toBe(sessionId);
    expect(restored.current.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect((await backend.read(sessionId)).messages).toHaveLength(2);
    expect(await backend.export(sessionId, 'md')).toContain('hello over the wire');
    expect((await backend.sessions('active')).map((session) => session.id)).toContain(sessionId);
  });

  it('cancels a remote answer: the server stores what arrived as incomplete', async () => {
    stub.script({ text: 'one two three four five six seven eight', chunkCount: 8, chunkDelayMs: 150 });
    const start = await startConversation(backend, true);
    const sessionId = start.current.session.id;
    const ended = new Promise<ChatBackendEvent>((resolve) => {
      backend.subscribe(sessionId, (event) => {
        if (event.type === 'assistant_chunk') void backend.cancel(sessionId, event.turnId);
        if (event.type === 'assistant_end' || event.type === 'assistant_error') resolve(event);
      });
    });
    const { turnId } = await backend.send(sessionId, 'tell me slowly');
    const end = await ended;
    expect('turnId' in end && end.turnId).toBe(turnId);
    expect(end).toMatchObject({ type: 'assistant_error', error: { code: 'CANCELLED' } });
    const stored = (await backend.read(sessionId)).messages;
    expect(stored.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'incomplete'],
    ]);
    expect('one two three four five six seven eight'.startsWith(stored[1]!.content)).toBe(true);
  });

  /** A second server over the same core and a backend logged in to it, for tests that break the link. */
  async function ownServer(): Promise<{ server: ParleyServer; backend: ChatBackend }> {
    const own = createParleyServer(parley, { redis: false });
    const address = await own.listen(0);
    const token = await loginToServer(address.url, 'remote@example.com', 'remote-password');
    return { server: own, backend: await connectRemoteChatBackend(address.url, token) };
  }

  /** Starts a slow answer in a new session and resolves once its first chunk arrived. */
  async function streaming(remote: ChatBackend, events: ChatBackendEvent[]): Promise<string> {
    // Slower than Socket.IO's shortest reconnection delay (500 ms), so a dropped socket misses a chunk.
    stub.script({ text: 'one two three four five six seven eight', chunkCount: 8, chunkDelayMs: 400 });
    const sessionId = (await startConversation(remote, true)).current.session.id;
    const chunk = new Promise<void>((resolve) => {
      remote.subscribe(sessionId, (event) => {
        events.push(event);
        if (event.type === 'assistant_chunk') resolve();
      });
    });
    await remote.send(sessionId, 'tell me slowly');
    await chunk;
    return sessionId;
  }

  it('close() during an answer cancels it on the server, which stores what arrived as incomplete', async () => {
    const own = await ownServer();
    try {
      const sessionId = await streaming(own.backend, []);
      await own.backend.close();
      const { user } = await parley.auth.login({ email: 'remote@example.com', password: 'remote-password' });
      await vi.waitFor(async () => {
        const page = await parley.conversation.history(user.id, sessionId, { limit: 10, order: 'asc' });
        expect(page.messages.map((message) => [message.role, message.status])).toEqual([
          ['user', 'complete'],
          ['assistant', 'incomplete'],
        ]);
      });
    } finally {
      await own.server.close();
    }
  });

  it('a dropped connection resumes the running answer: every chunk once, then the stored answer (R12.3)', async () => {
    const own = await ownServer();
    try {
      const events: ChatBackendEvent[] = [];
      const sessionId = await streaming(own.backend, events);
      const room = () => own.server.io.of('/').adapter.rooms.get(`session:${sessionId}`);
      const [before] = [...(room() ?? [])];
      expect(before).toBeDefined();
      for (const socket of own.server.io.of('/').sockets.values()) socket.conn.close();

      // Socket.IO reconnects after its back-off; the re-join resumes from the last chunk seen.
      const answer = 'one two three four five six seven eight';
      await vi.waitFor(
        () =>
          expect(events.find((event) => event.type === 'assistant_end')).toMatchObject({
            message: { content: answer, status: 'complete' },
          }),
        { timeout: 10_000 },
      );
      expect(events.filter((event) => event.type === 'assistant_error')).toEqual([]);
      const chunks = events.flatMap((event) => (event.type === 'assistant_chunk' ? [event.text] : []));
      expect(chunks.join('')).toBe(answer);
      await vi.waitFor(() => expect([...(room() ?? [])].some((id) => id !== before)).toBe(true), {
        timeout: 10_000,
      });
    } finally {
      await own.backend.close();
      await own.server.close();
    }
  });

  it('reports an unknown session with SESSION_NOT_FOUND', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const failure = await backend.open(unknown).catch((error: unknown) => error);
    expect(ParleyError.is(failure, 'SESSION_NOT_FOUND')).toBe(true);
  });
});
