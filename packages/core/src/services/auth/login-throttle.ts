import { createHash } from 'node:crypto';
import { ParleyError } from '../../errors/parley-error.js';
import type { Cache } from '../../ports/cache.js';
import type { Clock } from '../../ports/clock.js';

interface FailureWindow {
  count: number;
  /** Epoch ms of the first failure of the window. */
  since: number;
}

/** Hashed so the cache (Redis) never holds email addresses. */
const key = (email: string) => `login-failures:${createHash('sha256').update(email).digest('hex')}`;

/**
 * Failed logins per account (R1.1): after `maxFailures` wrong passwords within `windowMs` the
 * account answers `RATE_LIMITED` until the window ends, whichever IP the guesses come from (the
 * per-IP limit is the surfaces'). Counted in the shared cache; a cache outage only lifts this limit.
 */
export class LoginThrottle {
  constructor(private readonly deps: { cache: Cache; clock: Clock; maxFailures: number; windowMs: number }) {}

  /** Throws `RATE_LIMITED` while the account is locked. */
  async check(email: string): Promise<void> {
    const window = await this.current(email);
    if (!window || window.count < this.deps.maxFailures) return;
    const retryAfterMs = Math.max(1, window.since + this.deps.windowMs - this.deps.clock.now().getTime());
    throw new ParleyError('RATE_LIMITED', 'Too many failed logins for this account; retry later.', {
      retryAfterMs,
      limit: 'loginFailuresPerAccount',
    });
  }

  async recordFailure(email: string): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const window = (await this.current(email)) ?? { count: 0, since: now };
    const next = { count: window.count + 1, since: window.since };
    await this.deps.cache.set(key(email), next, window.since + this.deps.windowMs - now);
  }

  async clear(email: string): Promise<void> {
    await this.deps.cache.delete(key(email));
  }

  private async current(email: string): Promise<FailureWindow | undefined> {
    const window = await this.deps.cache.get<FailureWindow>(key(email));
    if (!window || this.deps.clock.now().getTime() - window.since >= this.deps.windowMs) return undefined;
    return window;
  }
}
