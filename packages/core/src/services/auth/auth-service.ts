import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import type { ParleyConfig } from '../../config/parley-config.js';
import type { User } from '../../domain/user.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Clock } from '../../ports/clock.js';
import type { PasswordHasher } from '../../ports/password-hasher.js';
import type { Store } from '../../ports/store.js';
import { validate } from '../validate.js';

const ISSUER = 'parley';
const credentials = z.object({
  email: z
    .email('expected an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters'),
});
const identity = z.object({
  id: z.string().trim().min(1).max(200),
  email: z
    .email('expected an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  displayName: z.string().trim().min(1).max(100).nullish(),
});
const registration = credentials.extend({ displayName: z.string().trim().min(1).max(100).optional() });

export type Registration = z.input<typeof registration>;
export type Credentials = z.input<typeof credentials>;
export type ExternalIdentity = z.input<typeof identity>;

/** A signed-in user with the JWT the surfaces hand to the client (cookie or bearer). */
export interface LoginResult {
  user: User;
  token: string;
  expiresAt: Date;
}

const unauthenticated = () => new ParleyError('UNAUTHENTICATED', 'Authentication required.');

/** Parley's own users (R1.1, R1.3): register, log in, and turn a token back into a user. */
export class AuthService {
  /** Hash of a random password, verified when the email is unknown so both paths cost the same. */
  private readonly decoyHash: Promise<string>;
  private readonly key: Uint8Array;

  constructor(
    private readonly deps: {
      store: Store;
      hasher: PasswordHasher;
      clock: Clock;
      config: ParleyConfig['auth'];
    },
  ) {
    this.key = new TextEncoder().encode(deps.config.jwtSecret);
    this.decoyHash = deps.hasher.hash(randomUUID());
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
    const record = await this.deps.store.users.findByEmail(email);
    const ok = await this.deps.hasher.verify(password, record?.passwordHash ?? (await this.decoyHash));
    if (!record || !record.passwordHash || !ok) {
      throw new ParleyError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    }
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
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The user a token belongs to; any defect (expired, forged, malformed, unknown user) is `UNAUTHENTICATED`. */
  async authenticate(token: string | undefined | null): Promise<User> {
    if (!token) throw unauthenticated();
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: this.deps.clock.now(),
      });
      subject = payload.sub;
    } catch {
      throw unauthenticated();
    }
    const user = subject ? await this.deps.store.users.findById(subject) : undefined;
    if (!user) throw unauthenticated();
    return user;
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
