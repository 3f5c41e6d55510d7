import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import type { ParleyConfig } from '../../config/parley-config.js';
import type { User } from '../../domain/user.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Cache } from '../../ports/cache.js';
import type { Clock } from '../../ports/clock.js';
import type { PasswordHasher } from '../../ports/password-hasher.js';
import type { Store } from '../../ports/store.js';
import { storedText } from '../stored-text.js';
import { validate } from '../validate.js';
import { isCommonPassword } from './common-passwords.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenDenylist, type RevocationListener } from './token-denylist.js';

const ISSUER = 'parley';
const credentials = z.object({
  email: z
    .email('expected an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters'),
});
const identity = z.object({
  id: storedText.trim().min(1).max(200),
  email: z
    .email('expected an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  displayName: storedText.trim().min(1).max(100).nullish(),
});
const registration = credentials.extend({
  password: credentials.shape.password.refine(
    (password) => !isCommonPassword(password),
    'is one of the most common passwords; choose another',
  ),
  displayName: storedText.trim().min(1).max(100).optional(),
});

export type Registration = z.input<typeof registration>;
export type Credentials = z.input<typeof credentials>;
export type ExternalIdentity = z.input<typeof identity>;

/** A signed-in user with the JWT the surfaces hand to the client (cookie or bearer). */
export interface LoginResult {
  user: User;
  token: string;
  expiresAt: Date;
}

/** A token that passed every check: whose it is, its id (for revocation) and when it runs out. */
export interface VerifiedToken {
  user: User;
  tokenId: string;
  expiresAt: Date;
}

/** Claims a Parley token must carry; a token without any of them is refused. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub', 'iss', 'jti'];

const unauthenticated = () => new ParleyError('UNAUTHENTICATED', 'Authentication required.');

/** Parley's own users (R1.1, R1.3): register, log in, and turn a token back into a user. */
export class AuthService {
  /** Hash of a random password, verified when the email is unknown so both paths cost the same. */
  private readonly decoyHash: Promise<string>;
  private readonly key: Uint8Array;
  private readonly denylist: TokenDenylist;
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly deps: {
      store: Store;
      cache: Cache;
      hasher: PasswordHasher;
      clock: Clock;
      config: ParleyConfig['auth'];
    },
  ) {
    this.key = new TextEncoder().encode(deps.config.jwtSecret);
    this.decoyHash = deps.hasher.hash(randomUUID());
    this.denylist = new TokenDenylist(deps);
    this.throttle = new LoginThrottle({
      ...deps,
      maxFailures: deps.config.loginMaxFailures,
      windowMs: deps.config.loginFailureWindowMs,
    });
  }

  async register(input: Registration): Promise<User> {
    const { email, password, displayName } = validate(registration, input);
    const user = await this.deps.store.users.create({
      id: randomUUID(),
      email,
      passwordHash: await this.deps.hasher.hash(password),
      displayName: displayName ?? null,
      createdAt: this.deps.clock.now(),
    });
    if (!user)
      throw new ParleyError('EMAIL_TAKEN', 'An account with this email already exists.', { field: 'email' });
    return user;
  }

  /**
   * Makes an identity from the embedding app's own auth (R1.5) a Parley user with the same id, so
   * sessions can belong to it; idempotent. `EMAIL_TAKEN` when another id already uses the email.
   */
  async adopt(input: ExternalIdentity): Promise<User> {
    const { id, email, displayName } = validate(identity, input);
    const existing = await this.deps.store.users.findById(id);
    if (existing) return existing;
    const created = await this.deps.store.users.create({
      id,
      email,
      passwordHash: null,
      displayName: displayName ?? null,
      createdAt: this.deps.clock.now(),
    });
    const user = created ?? (await this.deps.store.users.findById(id));
    if (!user)
      throw new ParleyError('EMAIL_TAKEN', 'An account with this email already exists.', { field: 'email' });
    return user;
  }

  async login(input: Credentials): Promise<LoginResult> {
    const { email, password } = validate(credentials, input);
    await this.throttle.check(email);
    const record = await this.deps.store.users.findByEmail(email);
    const ok = await this.deps.hasher.verify(password, record?.passwordHash ?? (await this.decoyHash));
    if (!record || !record.passwordHash || !ok) {
      await this.throttle.recordFailure(email);
      throw new ParleyError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    }
    await this.throttle.clear(email);
    const { passwordHash: _hash, ...user } = record;
    return { user, ...(await this.issueToken(user.id)) };
  }

  /** Signs a token for an existing user id; also used by the CLI for its local user. */
  async issueToken(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    const exp = now + this.deps.config.jwtTtlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setJti(randomUUID())
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The user a token belongs to; any defect (expired, forged, malformed, revoked, unknown user) is `UNAUTHENTICATED`. */
  async authenticate(token: string | undefined | null): Promise<User> {
    return (await this.verify(token)).user;
  }

  /**
   * Checks a token completely (R1.3): signature, issuer, every required claim, age at most `JWT_TTL`,
   * not revoked, and a user that still exists. Surfaces that hold a connection use `expiresAt`.
   */
  async verify(token: string | undefined | null): Promise<VerifiedToken> {
    const claims = await this.readClaims(token);
    if (!claims || (await this.denylist.isRevoked(claims.tokenId, claims.expiresAt))) throw unauthenticated();
    const user = await this.deps.store.users.findById(claims.subject);
    if (!user) throw unauthenticated();
    return { user, tokenId: claims.tokenId, expiresAt: claims.expiresAt };
  }

  /**
   * Logs a token out (R1.6): its id is refused until the token would have expired, on every process.
   * A token that is already invalid needs nothing, so this never fails for a bad token.
   */
  async revoke(token: string | undefined | null): Promise<void> {
    const claims = await this.readClaims(token);
    if (claims) await this.denylist.revoke(claims.tokenId, claims.expiresAt);
  }

  /** Whether the token `tokenId` was logged out (on any process); surfaces holding a connection ask per event. */
  isRevoked(tokenId: string, expiresAt: Date): Promise<boolean> {
    return this.denylist.isRevoked(tokenId, expiresAt);
  }

  /** Calls `listener` with the id of each token revoked by this process (to drop its open sockets). */
  onRevoked(listener: RevocationListener): () => void {
    return this.denylist.onRevoked(listener);
  }

  private async readClaims(
    token: string | undefined | null,
  ): Promise<{ subject: string; tokenId: string; expiresAt: Date } | undefined> {
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        requiredClaims: REQUIRED_CLAIMS,
        maxTokenAge: this.deps.config.jwtTtlSeconds,
        currentDate: this.deps.clock.now(),
      });
      const { sub, jti, exp } = payload;
      if (!sub || !jti || exp === undefined) return undefined;
      return { subject: sub, tokenId: jti, expiresAt: new Date(exp * 1000) };
    } catch {
      return undefined;
    }
  }

  async getUser(userId: string): Promise<User> {
    const user = await this.deps.store.users.findById(userId);
    if (!user) throw new ParleyError('USER_NOT_FOUND', 'No such user.');
    return user;
  }

  /** Users page by page, oldest first (admin listing). */
  listUsers(page: { limit: number; offset: number }): Promise<User[]> {
    return this.deps.store.users.list(page);
  }
}
