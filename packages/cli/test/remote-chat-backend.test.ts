import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley, ParleyError, type Parley } from '@parley/core';
import { createParleyServer, type ParleyServer } from '@parley/server';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import type { ChatBackend, ChatBackendEvent } from '../src/chat/chat-backend.js';
import { connectRemoteChatBackend, loginToServer } from '../src/chat/remote-chat-backend.js';
import { startConversation } from '../src/chat/start-conversation.js';

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
    const { turnId } = await backend.send(sessionId, 'hello over the wire', new AbortController().signal);
    await finished;
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['message_received', 'assistant_start', 'assistant_chunk', 'assistant_end']),
    );
    expect(events.every((event) => event.turnId === turnId)).toBe(true);
    const end = events.at(-1);
    expect(end?.type === 'assistant_end' && end.message.content).toContain('You said: "hello over the wire"');

    const restored = await startConversation(backend, false);
    expect(restored.current.session.id).toBe(sessionId);
    expect(restored.current.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect((await backend.read(sessionId)).messages).toHaveLength(2);
    expect(await backend.export(sessionId, 'md')).toContain('hello over the wire');
    expect((await backend.sessions('active')).map((session) => session.id)).toContain(sessionId);
  });

  it('stops a remote answer on abort: the server stores what arrived as incomplete', async () => {
    stub.script({ text: 'one two three four five six seven eight', chunkCount: 8, chunkDelayMs: 150 });
    const start = await startConversation(backend, true);
    const sessionId = start.current.session.id;
    const controller = new AbortController();
    const ended = new Promise<ChatBackendEvent>((resolve) => {
      backend.subscribe(sessionId, (event) => {
        if (event.type === 'assistant_chunk') controller.abort();
        if (event.type === 'assistant_end' || event.type === 'assistant_error') resolve(event);
      });
    });
    await backend.send(sessionId, 'tell me slowly', controller.signal);
    const end = await ended;
    expect(end).toMatchObject({ type: 'assistant_error', error: { code: 'CANCELLED' } });
    const stored = (await backend.read(sessionId)).messages;
    expect(stored.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'incomplete'],
    ]);
    expect('one two three four five six seven eight'.startsWith(stored[1]!.content)).toBe(true);
  });

  it('reports an unknown session with SESSION_NOT_FOUND', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const failure = await backend.open(unknown).catch((error: unknown) => error);
    expect(ParleyError.is(failure, 'SESSION_NOT_FOUND')).toBe(true);
  });
});
