import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
