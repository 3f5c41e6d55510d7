import { createScryptPasswordHasher } from '../../src/adapters/crypto/scrypt-password-hasher.js';
import { createRedisCache } from '../../src/adapters/cache/redis-cache.js';
import { createParley, type Parley, type ParleyOptions } from '../../src/create-parley.js';
import { createManualClock, type ManualClock } from '../../src/testing/manual-clock.js';
import { createTestStore } from './test-store.js';
import pino from 'pino';

/** Which real backends a service suite runs on: the embedded pair, or the production pair. */
export interface Backend {
  name: string;
  database: 'sqlite' | 'postgres';
  postgresUrl?: string;
  redisUrl?: string;
}

export interface TestParley {
  parley: Parley;
  clock: ManualClock;
  cleanup(): Promise<void>;
}

/** A migrated core on an isolated database (temp SQLite file or fresh PostgreSQL schema) and a moved clock. */
export async function createTestParley(backend: Backend, options: ParleyOptions = {}): Promise<TestParley> {
  const { store, cleanup } = await createTestStore(backend.database, backend.postgresUrl);
  const clock = createManualClock();
  const ownCache =
    !options.cache && backend.redisUrl
      ? createRedisCache({ url: backend.redisUrl, keyPrefix: `parley-test:${crypto.randomUUID()}:` })
      : undefined;
  const parley = await createParley({
    env: { NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-at-least-32-chars-long', LOG_LEVEL: 'silent' },
    store,
    clock,
    logger: pino({ level: 'silent' }),
    passwordHasher: createScryptPasswordHasher({ N: 2 ** 10 }),
    ...options,
    ...(ownCache ? { cache: ownCache } : {}),
  });
  return {
    parley,
    clock,
    async cleanup() {
      await parley.close();
      await ownCache?.close();
      await cleanup();
    },
  };
}
