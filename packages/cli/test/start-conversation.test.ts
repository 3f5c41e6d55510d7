import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createParley, type Parley } from '@parley/core';
import { createManualClock, type ManualClock } from '@parley/core/testing';
import type { ChatBackend } from '../src/chat/chat-backend.js';
import { createLocalChatBackend } from '../src/chat/local-chat-backend.js';
import { startConversation } from '../src/chat/start-conversation.js';
import { ensureLocalUser, LOCAL_USER_EMAIL } from '../src/runtime/local-user.js';

describe('session restore over the in-process core', () => {
  let parley: Parley;
  let clock: ManualClock;
  let backend: ChatBackend;
  let userId: string;

  beforeEach(async () => {
    clock = createManualClock();
    parley = await createParley({
      env: { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', SESSION_TTL_MINUTES: '30' },
      clock,
    });
    userId = (await ensureLocalUser(parley)).id;
    backend = createLocalChatBackend(parley, userId);
  });
  afterEach(() => backend.close());

  it('creates the local user once and finds it again', async () => {
    expect((await ensureLocalUser(parley)).id).toBe(userId);
    expect((await parley.auth.getUser(userId)).email).toBe(LOCAL_USER_EMAIL);
  });

  it('resumes the last active session with its history', async () => {
    const session = await parley.sessions.create(userId);
    await parley.conversation.append(userId, session.id, { role: 'user', content: 'remember me' });
    clock.advance(10 * 60_000);
    const start = await startConversation(backend, false);
    expect(start.current.session.id).toBe(session.id);
    expect(start.current.messages.map((message) => message.content)).toEqual(['remember me']);
    expect(start.readOnly).toBeUndefined();
  });

  it('shows an expired session read-only and starts a new one', async () => {
    const old = await parley.sessions.create(userId);
    await parley.conversation.append(userId, old.id, { role: 'user', content: 'from before' });
    clock.advance(31 * 60_000);
    const start = await startConversation(backend, false);
    expect(start.current.session.id).not.toBe(old.id);
    expect(start.current.session.status).toBe('active');
    expect(start.readOnly?.session).toMatchObject({ id: old.id, status: 'expired' });
    expect(start.readOnly?.messages.map((message) => message.content)).toEqual(['from before']);
  });

  it('starts fresh with --new even when a session is active', async () => {
    const active = await parley.sessions.create(userId);
    const start = await startConversation(backend, true);
    expect(start.current.session.id).not.toBe(active.id);
    expect(start.current.messages).toEqual([]);
  });
});
