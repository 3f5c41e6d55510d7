import { afterEach, beforeEach, expect, it } from 'vitest';
import { createRedisCache } from '../../src/adapters/cache/redis-cache.js';
import type { Cache } from '../../src/ports/cache.js';
import {
  describeWithRedisServer,
  startDisposableRedis,
  type DisposableRedis,
} from '../support/disposable-redis.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';

describeWithRedisServer('sessions and messages while Redis goes away (R2.4)', () => {
  let redis: DisposableRedis;
  let cache: Cache;
  let t: TestParley;
  beforeEach(async () => {
    redis = await startDisposableRedis();
    cache = createRedisCache({ url: redis.url });
    t = await createTestParley({ name: 'SQLite + private Redis', database: 'sqlite' }, { cache });
    // The migrations block the loop past the client's 200 ms connect timeout on a slow machine; the
    // client then reconnects by itself, and the test starts once Redis answers.
    await expect
      .poll(
        () =>
          cache.ping().then(
            () => true,
            () => false,
          ),
        { timeout: 5_000 },
      )
      .toBe(true);
  });
  afterEach(async () => {
    await t.cleanup();
    await cache.close();
    await redis.stop();
  });

  it('keeps answering from the database, counts the failures, and uses Redis again once it is back', async () => {
    const user = await t.parley.auth.register({ email: 'ops@example.com', password: 'password-ops' });
    const session = await t.parley.sessions.create(user.id);
    await t.parley.conversation.append(user.id, session.id, { role: 'user', content: 'before the outage' });
    await t.parley.sessions.get(user.id, session.id);
    expect(await t.parley.internal.cache.get(`session:${session.id}`)).toBeDefined();

    await redis.stop();
    const errorsBefore = t.parley.internal.cache.stats().errors;
    expect((await t.parley.sessions.get(user.id, session.id)).lastSeq).toBe(1);
    await t.parley.conversation.append(user.id, session.id, { role: 'user', content: 'during the outage' });
    const second = await t.parley.sessions.create(user.id);
    const page = await t.parley.conversation.history(user.id, session.id, { order: 'asc' });
    expect(page.messages.map((m) => m.content)).toEqual(['before the outage', 'during the outage']);
    expect((await t.parley.sessions.list(user.id)).map((s) => s.id).sort()).toEqual(
      [session.id, second.id].sort(),
    );
    await t.parley.sessions.close(user.id, second.id);
    expect(t.parley.internal.cache.stats().errors).toBeGreaterThan(errorsBefore);

    await redis.start();
    await expect
      .poll(
        async () => {
          await t.parley.sessions.touch(user.id, session.id);
          return t.parley.internal.cache.get(`session:${session.id}`);
        },
        { timeout: 5_000 },
      )
      .toBeDefined();
    expect((await t.parley.sessions.get(user.id, session.id)).lastSeq).toBe(2);
  });
});
