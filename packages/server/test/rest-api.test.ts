import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;
const api = (path: string) => `/api/v1${path}`;

describe('REST API', () => {
  beforeEach(async () => {
    t = await startTestServer({
      server: { rateLimit: { httpPerUser: { points: 30, durationSeconds: 60 } } },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  describe('auth', () => {
    it('registers, logs in with an HTTP-only cookie, answers /me by cookie or bearer, and logs out', async () => {
      const email = 'ada@example.com';
      const registered = await request(t.url)
        .post(api('/auth/register'))
        .send({ email, password: 'correct horse battery', displayName: 'Ada' })
        .expect(201);
      expect(registered.body).toMatchObject({ ok: true, data: { user: { email, displayName: 'Ada' } } });
      expect(JSON.stringify(registered.body)).not.toContain('password');

      const login = await request(t.url)
        .post(api('/auth/login'))
        .send({ email, password: 'correct horse battery' })
        .expect(200);
      const setCookie = [login.headers['set-cookie']].flat()[0]!;
      expect(setCookie).toMatch(/^jwt=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
      expect(login.body.data.token).toBe(setCookie.slice(4, setCookie.indexOf(';')));

      const byCookie = await request(t.url)
        .get(api('/me'))
        .set('Cookie', setCookie.split(';')[0]!)
        .expect(200);
      expect(byCookie.body.data.user.email).toBe(email);
      await request(t.url).get(api('/me')).auth(login.body.data.token, { type: 'bearer' }).expect(200);

      const logout = await request(t.url).post(api('/auth/logout')).expect(200);
      expect([logout.headers['set-cookie']].flat()[0]).toMatch(
        /^jwt=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970/,
      );
    });

    it('marks the cookie Secure in production', async () => {
      await t.close();
      t = await startTestServer({
        parley: { env: { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' } },
      });
      const { cookie } = await t.login();
      const res = await request(t.url)
        .post(api('/auth/login'))
        .send({ email: 'nobody@example.com', password: 'correct horse battery' });
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(cookie).toMatch(/^jwt=/);
      const again = await request(t.url).post(api('/auth/logout')).expect(200);
      expect([again.headers['set-cookie']].flat()[0]).toContain('; Secure');
    });

    it('rejects a wrong password and a taken email with stable codes', async () => {
      const { userId } = await t.login('bob@example.com');
      expect(userId).toBeTruthy();
      const wrong = await request(t.url)
        .post(api('/auth/login'))
        .send({ email: 'bob@example.com', password: 'not the password' })
        .expect(401);
      expect(wrong.body).toEqual({
        ok: false,
        error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) },
      });
      const taken = await request(t.url)
        .post(api('/auth/register'))
        .send({ email: 'bob@example.com', password: 'correct horse battery' })
        .expect(409);
      expect(taken.body.error.code).toBe('EMAIL_TAKEN');
    });

    it.each([
      ['no token', () => ({})],
      ['a malformed token', () => ({ Authorization: 'Bearer not-a-jwt' })],
      ['a garbage cookie', () => ({ Cookie: 'jwt=abc.def.ghi' })],
    ])('answers 401 UNAUTHENTICATED for %s', async (_name, headers) => {
      const res = await request(t.url).get(api('/sessions')).set(headers()).expect(401);
      expect(res.body).toEqual({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: 'Authentication required.' },
      });
    });

    it('answers 401 for a forged (re-signed payload) token', async () => {
      const { token } = await t.login();
      const [header, , signature] = token.split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 'someone-else', iss: 'parley', exp: 4e9 })).toString(
        'base64url',
      );
      const res = await request(t.url)
        .get(api('/me'))
        .auth(`${header}.${payload}.${signature}`, { type: 'bearer' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('answers 401 for an expired token', async () => {
      const { token } = await t.login();
      await request(t.url).get(api('/me')).auth(token, { type: 'bearer' }).expect(200);
      t.clock.advance(13 * 60 * 60 * 1000);
      const res = await request(t.url).get(api('/me')).auth(token, { type: 'bearer' }).expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('sessions and messages', () => {
    it('creates, lists, gets, restores and closes a session', async () => {
      const { token } = await t.login();
      const created = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .send({ title: 'Backend hire' })
        .expect(201);
      const id = created.body.data.session.id as string;
      expect(created.body.data.session).toMatchObject({
        title: 'Backend hire',
        status: 'active',
        lastSeq: 0,
        keptResults: 0,
        summaryToSeq: 0,
      });

      const list = await request(t.url).get(api('/sessions')).auth(token, { type: 'bearer' }).expect(200);
      expect(list.body.data.sessions.map((s: { id: string }) => s.id)).toEqual([id]);
      await request(t.url)
        .get(api(`/sessions/${id}`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      await request(t.url)
        .post(api(`/sessions/${id}/restore`))
        .auth(token, { type: 'bearer' })
        .expect(200);

      const closed = await request(t.url)
        .post(api(`/sessions/${id}/close`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(closed.body.data.session.status).toBe('closed');
      const active = await request(t.url)
        .get(api('/sessions?status=active'))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(active.body.data.sessions).toEqual([]);
      const closedList = await request(t.url)
        .get(api('/sessions?status=closed'))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(closedList.body.data.sessions).toHaveLength(1);
      const send = await request(t.url)
        .post(api(`/sessions/${id}/messages`))
        .auth(token, { type: 'bearer' })
        .send({ content: 'hello' })
        .expect(409);
      expect(send.body.error.code).toBe('SESSION_CLOSED');
    });

    it("answers 404 SESSION_NOT_FOUND for another user's session on every session route", async () => {
      const owner = await t.login();
      const other = await t.login();
      const created = await request(t.url)
        .post(api('/sessions'))
        .auth(owner.token, { type: 'bearer' })
        .expect(201);
      const id = created.body.data.session.id as string;
      const calls = [
        request(t.url).get(api(`/sessions/${id}`)),
        request(t.url).post(api(`/sessions/${id}/close`)),
        request(t.url).get(api(`/sessions/${id}/messages`)),
        request(t.url)
          .post(api(`/sessions/${id}/messages`))
          .send({ content: 'hi' }),
        request(t.url).get(api(`/sessions/${id}/export`)),
      ];
      for (const call of calls) {
        const res = await call.auth(other.token, { type: 'bearer' });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('SESSION_NOT_FOUND');
      }
    });

    it('sends a message, waits for the stored answer, pages history and exports it', async () => {
      const { token } = await t.login();
      t.answer({ text: 'Tell me about the role.', chunkCount: 3 });
      const { body } = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .expect(201);
      const id = body.data.session.id as string;
      const sent = await request(t.url)
        .post(api(`/sessions/${id}/messages`))
        .auth(token, { type: 'bearer' })
        .send({ content: 'We need a senior Go engineer' })
        .expect(201);
      expect(sent.body.data).toMatchObject({
        message: { role: 'user', seq: 1, content: 'We need a senior Go engineer' },
        answer: { role: 'assistant', seq: 2, content: 'Tell me about the role.', status: 'complete' },
      });

      const page = await request(t.url)
        .get(api(`/sessions/${id}/messages?limit=1`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(page.body.data.messages.map((m: { seq: number }) => m.seq)).toEqual([2]);
      expect(page.body.data.next).toEqual({ before: 2 });
      const older = await request(t.url)
        .get(api(`/sessions/${id}/messages?before=2`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(older.body.data.messages.map((m: { role: string }) => m.role)).toEqual(['user']);

      const md = await request(t.url)
        .get(api(`/sessions/${id}/export?format=md`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(md.headers['content-type']).toContain('text/markdown');
      expect(md.text).toContain('We need a senior Go engineer');
      expect(md.text).toContain('Tell me about the role.');
      const json = await request(t.url)
        .get(api(`/sessions/${id}/export?format=json`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(JSON.parse(json.text).messages).toHaveLength(2);
    });

    it('reports an LLM failure with its code after storing the user message', async () => {
      const { token } = await t.login();
      t.answer({ status: 400 });
      const { body } = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .expect(201);
      const res = await request(t.url)
        .post(api(`/sessions/${body.data.session.id}/messages`))
        .auth(token, { type: 'bearer' })
        .send({ content: 'hello' });
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'LLM_UNAVAILABLE', details: { answer: null } });
      const history = await request(t.url)
        .get(api(`/sessions/${body.data.session.id}/messages`))
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(history.body.data.messages.map((m: { role: string }) => m.role)).toEqual(['user']);
    });
  });

  describe('bad input', () => {
    it('answers 422 VALIDATION_FAILED for malformed JSON and for wrong types, naming the field', async () => {
      const { token } = await t.login();
      const malformed = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send('{"title": ')
        .expect(422);
      expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body' } });
      const wrongType = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .send({ title: 42 })
        .expect(422);
      expect(wrongType.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'title' } });
      const badQuery = await request(t.url)
        .get(api('/sessions?status=sleeping'))
        .auth(token, { type: 'bearer' })
        .expect(422);
      expect(badQuery.body.error.details.field).toBe('status');
      const badLimit = await request(t.url)
        .get(api('/sessions?limit=many'))
        .auth(token, { type: 'bearer' })
        .expect(422);
      expect(badLimit.body.error.details.field).toBe('limit');
      const created = await request(t.url).post(api('/sessions')).auth(token, { type: 'bearer' }).expect(201);
      const messages = api(`/sessions/${created.body.data.session.id}/messages`);
      for (const [query, field] of [
        ['order=sideways', 'order'],
        ['limit=0', 'limit'],
        ['before=-1', 'before'],
      ]) {
        const bad = await request(t.url)
          .get(`${messages}?${query}`)
          .auth(token, { type: 'bearer' })
          .expect(422);
        expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
      }
      const badEmail = await request(t.url)
        .post(api('/auth/register'))
        .send({ email: 'nope', password: 'correct horse battery' })
        .expect(422);
      expect(badEmail.body.error.details.field).toBe('email');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit, and MESSAGE_TOO_LONG for long content', async () => {
      const { token } = await t.login();
      const big = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .send({ title: 'x'.repeat(70 * 1024) })
        .expect(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const { body } = await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .expect(201);
      const long = await request(t.url)
        .post(api(`/sessions/${body.data.session.id}/messages`))
        .auth(token, { type: 'bearer' })
        .send({ content: 'y'.repeat(16_001) })
        .expect(413);
      expect(long.body.error.code).toBe('MESSAGE_TOO_LONG');
    });

    it('answers an unexpected failure as INTERNAL without leaking its message', async () => {
      const { token } = await t.login();
      vi.spyOn(t.parley.sessions, 'list').mockRejectedValue(
        new Error('connect ECONNREFUSED db.internal:5432 password=hunter2'),
      );
      const res = await request(t.url).get(api('/sessions')).auth(token, { type: 'bearer' }).expect(500);
      expect(res.body).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong on our side.' },
      });
      expect(res.text).not.toContain('hunter2');
    });

    it('answers unknown routes under the API with a 404 NOT_FOUND envelope', async () => {
      const res = await request(t.url).get(api('/nope')).expect(404);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });
  });

  describe('protection', () => {
    it('answers 429 RATE_LIMITED with Retry-After once a user exceeds the limit', async () => {
      const { token } = await t.login();
      for (let i = 0; i < 30; i += 1)
        await request(t.url).get(api('/me')).auth(token, { type: 'bearer' }).expect(200);
      const res = await request(t.url).get(api('/me')).auth(token, { type: 'bearer' }).expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(res.body.error.details.retryAfterMs).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('rejects a cookie-authenticated change from a foreign origin, allows same-origin and bearer', async () => {
      const { token, cookie } = await t.login();
      const foreign = await request(t.url)
        .post(api('/sessions'))
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example')
        .expect(403);
      expect(foreign.body.error.code).toBe('FORBIDDEN_ORIGIN');
      const crossSite = await request(t.url)
        .post(api('/sessions'))
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'cross-site');
      expect(crossSite.body.error.code).toBe('FORBIDDEN_ORIGIN');
      await request(t.url).post(api('/sessions')).set('Cookie', cookie).set('Origin', t.url).expect(201);
      await request(t.url)
        .post(api('/sessions'))
        .auth(token, { type: 'bearer' })
        .set('Origin', 'https://evil.example')
        .expect(201);
      await request(t.url)
        .get(api('/sessions'))
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example')
        .expect(200);
    });

    it('accepts a change from an allow-listed origin with CORS headers', async () => {
      await t.close();
      t = await startTestServer({ server: { corsOrigins: ['https://app.example.com'] } });
      const { cookie } = await t.login();
      const res = await request(t.url)
        .post(api('/sessions'))
        .set('Cookie', cookie)
        .set('Origin', 'https://app.example.com')
        .expect(201);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
    });

    it('echoes a safe X-Request-Id, generates one otherwise, and sends security headers', async () => {
      const echoed = await request(t.url).get(api('/me')).set('X-Request-Id', 'req-123');
      expect(echoed.headers['x-request-id']).toBe('req-123');
      const fresh = await request(t.url).get(api('/me')).set('X-Request-Id', 'bad id; forged');
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(fresh.headers['x-content-type-options']).toBe('nosniff');
      expect(fresh.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('operations', () => {
    it('answers liveness, readiness and metrics from its own registry', async () => {
      await request(t.url).get('/health/live').expect(200, { status: 'up' });
      const ready = await request(t.url).get('/health/ready').expect(200);
      expect(ready.body.checks.database.status).toBe('up');
      await request(t.url).get(api('/me')).expect(401);
      const metrics = await request(t.url).get('/metrics').expect(200);
      expect(metrics.text).toContain(
        'parley_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1',
      );
      expect(metrics.text).toMatch(/parley_cache_(hits|misses)_total \d+/);
      const { register } = await import('prom-client');
      expect(await register.getSingleMetric('parley_http_requests_total')).toBeUndefined();
    });

    it('answers readiness 503 when the database is down', async () => {
      vi.spyOn(t.parley.health, 'check').mockResolvedValue({
        status: 'down',
        checks: { database: { status: 'down', latencyMs: 1, error: 'connection refused' } },
      });
      const res = await request(t.url).get('/health/ready').expect(503);
      expect(res.body.status).toBe('down');
      vi.mocked(t.parley.health.check).mockResolvedValue({
        status: 'degraded',
        checks: { cache: { status: 'degraded', latencyMs: 1, error: 'timeout' } },
      });
      await request(t.url).get('/health/ready').expect(200);
    });
  });
});
