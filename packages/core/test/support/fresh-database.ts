import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import knex from 'knex';
import { createKnexStore } from '../../src/adapters/store/knex-store.js';

/** A migrated PostgreSQL database of its own, for server processes a test spawns. */
export interface FreshDatabase {
  url: string;
  /** Drops the database (its processes must have stopped or be cut off). */
  drop(): Promise<void>;
}

/**
 * Creates `parley_test_*` next to the shared test database and migrates it once, so processes
 * started on it together do not race to migrate.
 */
export async function createFreshDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw('CREATE DATABASE ??', [name]);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = knex({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 2 } });
  const store = createKnexStore({ knex: db });
  await store.migrate();
  await store.close();
  await db.destroy();
  return {
    url: url.toString(),
    async drop() {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await admin.destroy();
    },
  };
}

/** Deletes every Redis key under `prefix` (what a test's processes left behind). */
export async function dropRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const client = new Redis(redisUrl);
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    await client.quit();
  }
}
