import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call } from './support/socket-helpers.js';
import { startTestServer, type ClientSocket, type TestServer } from './support/test-server.js';

let t: TestServer;
const api = (path: string) => `/api/v1${path}`;
const disconnected = (socket: ClientSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe('token lifecycle (R1.3, R1.6)', () => {
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('logout revokes the token: REST and new sockets refuse it, its open sockets are closed, other tokens live on', async () => {
    const { token, cookie, userId } = await t.login();
    const other = (await t.parley.auth.issueToken(userId)).token;
    const socket = await t.socket(token);
    const survivor = await t.socket(other);
    const closed = disconnected(socket);

    await request(t.url).post(api('/auth/logout')).set('Cookie', cookie).expect(200);

    expect(await closed).toBe('io server disconnect');
    for (const auth of [{ Authorization: `Bearer ${token}` }, { Cookie: cookie }]) {
      const res = await request(t.url).get(api('/me')).set(auth).expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    await expect(t.socket(token)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    expect(survivor.connected).toBe(true);
    const created = await request(t.url).post(api('/sessions')).auth(other, { type: 'bearer' }).expect(201);
    const sessionId = created.body.data.session.id as string;
    expect(await call(survivor, 'get_session_info', { sessionId })).toMatchObject({ ok: true });
  });

  it('closes a socket on its next event once another process revoked its token (shared denylist)', async () => {
    const { token } = await t.login();
    const socket = await t.socket(token);
    const { tokenId, expiresAt } = await t.parley.auth.verify(token);
    const closed = disconnected(socket);
    await t.parley.internal.store.revokedTokens.revoke(tokenId, expiresAt);
    await t.parley.internal.cache.set(`revoked-token:${tokenId}`, true, 60_000);
    expect(socket.connected).toBe(true);
    const acks: unknown[] = [];
    socket.emit('get_session_info', { sessionId: crypto.randomUUID() }, (ack) => acks.push(ack));
    expect(await closed).toBe('io server disconnect');
    expect(acks).toEqual([]);
  });

  it('ignores an event that arrives after the token expired and disconnects the socket instead', async () => {
    const { token } = await t.login();
    const socket = await t.socket(token);
    const closed = disconnected(socket);
    const acks: unknown[] = [];
    t.clock.advance(t.parley.config.auth.jwtTtlSeconds * 1000);
    socket.emit('get_session_info', { sessionId: crypto.randomUUID() }, (ack) => acks.push(ack));
    expect(await closed).toBe('io server disconnect');
    expect(acks).toEqual([]);
  });

  it('keeps the verified token on the server socket, not the JWT the handshake carried', async () => {
    const { token } = await t.login();
    const socket = await t.socket(token);
    const { tokenId } = await t.parley.auth.verify(token);
    const held = t.server.io.of('/').sockets.get(socket.id!);
    expect(held?.handshake.auth.token).toBeUndefined();
    expect(held?.data.parleyToken).toMatchObject({ id: tokenId });
  });
});

describe('a socket outliving its token (R1.3)', () => {
  it('never handles a message sent after the token expired', async () => {
    const server = await startTestServer({ config: { auth: { jwtTtl: '10m' } } });
    try {
      const { token } = await server.login();
      const created = await request(server.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .expect(201);
      const sessionId = created.body.data.session.id as string;
      const socket = await server.socket(token);
      expect(await call(socket, 'join_session', { sessionId })).toMatchObject({ ok: true });
      const send = vi.spyOn(server.parley.chat, 'send');
      const closed = disconnected(socket);
      const acks: unknown[] = [];
      // The session (30 minutes idle) outlives the token (10 minutes).
      server.clock.advance(10 * 60 * 1000);
      socket.emit('send_message', { sessionId, content: 'too late' }, (ack) => acks.push(ack));
      // The server handles a packet within the task that reads it, before the disconnect is written.
      expect(await closed).toBe('io server disconnect');
      expect(send).not.toHaveBeenCalled();
      expect(acks).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('is disconnected by the server when the token expires', async () => {
    const server = await startTestServer({ config: { auth: { jwtTtl: '1s' } } });
    try {
      const { token } = await server.login();
      const socket = await server.socket(token);
      expect(await disconnected(socket)).toBe('io server disconnect');
    } finally {
      await server.close();
    }
  });
});
