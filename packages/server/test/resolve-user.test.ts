import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolveUser } from '../src/index.js';
import { call } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;

// The host's identity: a trusted header over HTTP, `auth.acmeUser` on the socket handshake.
const resolveUser: ResolveUser = (source) => {
  const id = source.kind === 'http' ? source.req.headers['x-acme-user'] : source.handshake.auth.acmeUser;
  return typeof id === 'string' && id !== '' ? { id, email: `${id}@acme.example`, displayName: id } : null;
};

describe('resolveUser hook (R1.5)', () => {
  beforeEach(async () => {
    t = await startTestServer({ server: { resolveUser } });
  });
  afterEach(async () => {
    await t.close();
  });

  it("provisions the host's user once and scopes sessions to it over REST", async () => {
    const me = await request(t.url).get('/api/v1/me').set('X-Acme-User', 'ada').expect(200);
    expect(me.body.data.user).toMatchObject({ id: 'ada', email: 'ada@acme.example', displayName: 'ada' });
    await request(t.url).get('/api/v1/me').set('X-Acme-User', 'ada').expect(200);
    const created = await request(t.url).post('/api/v1/sessions').set('X-Acme-User', 'ada').expect(201);
    const id = created.body.data.session.id;
    const other = await request(t.url).get(`/api/v1/sessions/${id}`).set('X-Acme-User', 'bob').expect(404);
    expect(other.body.error.code).toBe('SESSION_NOT_FOUND');
    const anonymous = await request(t.url).get('/api/v1/me').expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  });

  it("ignores Parley's own tokens and turns its login routes off", async () => {
    const login = await request(t.url)
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.example', password: 'x' });
    expect([login.status, login.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const { token } = await t.parley.auth.issueToken('ghost');
    await request(t.url).get('/api/v1/me').auth(token, { type: 'bearer' }).expect(401);
  });

  it('authenticates socket handshakes through the same hook', async () => {
    const created = await request(t.url).post('/api/v1/sessions').set('X-Acme-User', 'cy').expect(201);
    await expect(t.socket('')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    const socket = await t.socket('', { auth: { acmeUser: 'cy' } });
    const joined = await call(socket, 'join_session', { sessionId: created.body.data.session.id });
    expect(joined).toMatchObject({ ok: true, data: { session: { userId: 'cy' } } });
  });
});
