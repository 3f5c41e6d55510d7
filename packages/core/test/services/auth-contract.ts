import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend, TestParley } from '../support/test-parley.js';
import { createTestParley } from '../support/test-parley.js';
import { expectCode } from './expect-code.js';

/** R1.1, R1.3: registration, login and token checks against one backend. */
export function authContract(backend: Backend): void {
  describe(`auth on ${backend.name}`, () => {
    let t: TestParley;
    beforeEach(async () => {
      t = await createTestParley(backend);
    });
    afterEach(() => t.cleanup());

    const ada = { email: 'Ada@Example.com', password: 'correct horse battery' };

    it('registers, logs in and resolves the token back to the user without exposing the hash', async () => {
      const user = await t.parley.auth.register({ ...ada, displayName: 'Ada' });
      expect(user.email).toBe('ada@example.com');
      expect(JSON.stringify(user)).not.toMatch(/hash|correct horse/i);
      const login = await t.parley.auth.login({ email: 'ADA@example.com', password: ada.password });
      expect(login.user).toEqual(user);
      expect(JSON.stringify(login.user)).not.toMatch(/hash/i);
      await expect(t.parley.auth.authenticate(login.token)).resolves.toEqual(user);
    });

    it.each([
      [{ email: 'not-an-email', password: 'long enough pw' }, 'email'],
      [{ email: 'bo@example.com', password: 'short' }, 'password'],
      [{ email: 'bo@example.com', password: 'x'.repeat(257) }, 'password'],
      [{ email: 'bo@example.com' }, 'password'],
      [{ email: 'bo@example.com', password: 'password1' }, 'password'],
      [{ email: 'bo@example.com', password: 'QwertyUIOP' }, 'password'],
      [{ email: 'bo@example.com', password: 'long enough pw', displayName: 'Bo\u0000' }, 'displayName'],
    ])(
      'rejects bad registration %j with VALIDATION_FAILED naming the field and stores nothing',
      async (input, field) => {
        const error = await expectCode(t.parley.auth.register(input as never), 'VALIDATION_FAILED');
        expect(error.details.field).toBe(field);
        expect(await t.parley.auth.listUsers({ limit: 10, offset: 0 })).toEqual([]);
      },
    );

    it('refuses a taken email in any case with EMAIL_TAKEN and keeps the first account intact', async () => {
      await t.parley.auth.register(ada);
      await expectCode(
        t.parley.auth.register({ email: 'ADA@example.COM', password: 'another password' }),
        'EMAIL_TAKEN',
      );
      expect(await t.parley.auth.listUsers({ limit: 10, offset: 0 })).toHaveLength(1);
      await expect(t.parley.auth.login(ada)).resolves.toMatchObject({ user: { email: 'ada@example.com' } });
      await expectCode(
        t.parley.auth.login({ email: ada.email, password: 'another password' }),
        'INVALID_CREDENTIALS',
      );
    });

    it('answers a wrong password and an unknown email with the same INVALID_CREDENTIALS', async () => {
      await t.parley.auth.register(ada);
      const wrong = await expectCode(
        t.parley.auth.login({ ...ada, password: 'wrong password!' }),
        'INVALID_CREDENTIALS',
      );
      const unknown = await expectCode(
        t.parley.auth.login({ email: 'nobody@example.com', password: 'wrong password!' }),
        'INVALID_CREDENTIALS',
      );
      expect(unknown.message).toBe(wrong.message);
    });

    it('rejects expired, forged, malformed, unsigned and orphaned tokens with UNAUTHENTICATED', async () => {
      const user = await t.parley.auth.register(ada);
      const { token } = await t.parley.auth.login(ada);
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer('parley')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('some-other-secret-that-is-32-characters'));
      const [header, payload] = token.split('.');
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
      const orphan = (await t.parley.auth.issueToken(crypto.randomUUID())).token;

      for (const bad of [forged, 'not.a.jwt', `${header}.${payload}.AAAA`, unsigned, orphan, '', undefined]) {
        const error = await expectCode(t.parley.auth.authenticate(bad), 'UNAUTHENTICATED');
        expect(error.message).toBe('Authentication required.');
      }
      t.clock.advance(t.parley.config.auth.jwtTtlSeconds * 1000 + 1000);
      await expectCode(t.parley.auth.authenticate(token), 'UNAUTHENTICATED');
    });

    it.each([
      ['no exp', { exp: undefined }],
      ['no sub', { sub: undefined }],
      ['no iss', { iss: undefined }],
      ['another iss', { iss: 'someone-else' }],
      ['no jti', { jti: undefined }],
      ['no iat', { iat: undefined }],
      ['older than JWT_TTL', { iatOffset: -1 }],
      ['issued in the future', { iatOffset: 3_600 }],
    ])('refuses a correctly signed token with %s as UNAUTHENTICATED', async (_name, change) => {
      const user = await t.parley.auth.register(ada);
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const ttl = t.parley.config.auth.jwtTtlSeconds;
      const claims: Record<string, unknown> = {
        sub: user.id,
        iss: 'parley',
        jti: crypto.randomUUID(),
        iat: now,
        exp: now + ttl,
        ...change,
      };
      if ('iatOffset' in change) claims.iat = change.iatOffset < 0 ? now - ttl - 1 : now + change.iatOffset;
      delete claims.iatOffset;
      const token = await new SignJWT(
        Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)),
      )
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('test-secret-that-is-at-least-32-chars-long'));
      await expectCode(t.parley.auth.authenticate(token), 'UNAUTHENTICATED');
    });

    it('issues tokens with a unique jti, and refuses a token after logout until it would have expired', async () => {
      const user = await t.parley.auth.register(ada);
      const first = await t.parley.auth.login(ada);
      const second = await t.parley.auth.login(ada);
      const revoked: string[] = [];
      t.parley.auth.onRevoked((jti) => revoked.push(jti));
      const a = await t.parley.auth.verify(first.token);
      expect(a).toMatchObject({ user, expiresAt: first.expiresAt });
      expect((await t.parley.auth.verify(second.token)).tokenId).not.toBe(a.tokenId);

      await t.parley.auth.revoke(first.token);
      expect(revoked).toEqual([a.tokenId]);
      await expectCode(t.parley.auth.authenticate(first.token), 'UNAUTHENTICATED');
      await expect(t.parley.auth.authenticate(second.token)).resolves.toEqual(user);
      await t.parley.auth.revoke('not.a.jwt');
      await t.parley.internal.cache.delete(`revoked-token:${a.tokenId}`);
      await expectCode(t.parley.auth.authenticate(first.token), 'UNAUTHENTICATED');
      expect(await t.parley.internal.store.revokedTokens.isRevoked(a.tokenId, t.clock.now())).toBe(true);
    });

    it('locks an account after LOGIN_MAX_FAILURES wrong passwords, even for the right one, until the window ends', async () => {
      const strict = await createTestParley(backend, {
        config: { auth: { loginMaxFailures: 3, loginFailureWindow: '10m' } },
      });
      try {
        const { auth } = strict.parley;
        await auth.register(ada);
        await auth.register({ email: 'bob@example.com', password: 'bobs password' });
        for (let i = 0; i < 3; i += 1) {
          await expectCode(auth.login({ ...ada, password: `wrong password ${i}` }), 'INVALID_CREDENTIALS');
        }
        const locked = await expectCode(auth.login(ada), 'RATE_LIMITED');
        expect(locked.details).toEqual({ retryAfterMs: 600_000, limit: 'loginFailuresPerAccount' });
        await expect(
          auth.login({ email: 'bob@example.com', password: 'bobs password' }),
        ).resolves.toBeDefined();
        strict.clock.advance(600_000);
        await expect(auth.login(ada)).resolves.toMatchObject({ user: { email: 'ada@example.com' } });
        for (let i = 0; i < 2; i += 1) {
          await expectCode(auth.login({ ...ada, password: 'wrong password!' }), 'INVALID_CREDENTIALS');
        }
        await auth.login(ada);
        await expectCode(auth.login({ ...ada, password: 'wrong password!' }), 'INVALID_CREDENTIALS');
        await expect(auth.login(ada)).resolves.toBeDefined();
      } finally {
        await strict.cleanup();
      }
    });

    it('adopts an outside identity once, idempotently, and refuses an email owned by another id', async () => {
      const adopted = await t.parley.auth.adopt({
        id: 'ext-42',
        email: 'Eve@Corp.example',
        displayName: 'Eve',
      });
      expect(adopted).toMatchObject({ id: 'ext-42', email: 'eve@corp.example', displayName: 'Eve' });
      expect(await t.parley.auth.adopt({ id: 'ext-42', email: 'eve@corp.example' })).toEqual(adopted);
      await expect(t.parley.sessions.create('ext-42')).resolves.toMatchObject({ userId: 'ext-42' });
      await expectCode(t.parley.auth.adopt({ id: 'ext-43', email: 'eve@corp.example' }), 'EMAIL_TAKEN');
      const bad = await expectCode(
        t.parley.auth.adopt({ id: '', email: 'x@corp.example' }),
        'VALIDATION_FAILED',
      );
      expect(bad.details.field).toBe('id');
      await expectCode(
        t.parley.auth.login({ email: 'eve@corp.example', password: 'anything at all' }),
        'INVALID_CREDENTIALS',
      );
      expect(await t.parley.auth.listUsers({ limit: 10, offset: 0 })).toHaveLength(1);
    });
  });
}
