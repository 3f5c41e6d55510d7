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
