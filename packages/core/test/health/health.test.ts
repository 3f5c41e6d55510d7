import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/adapters/cache/redis-cache.js';
import { createParley } from '../../src/create-parley.js';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { createTestParley, type TestParley } from '../support/test-parley.js';

describe('readiness (R10.2)', () => {
  let t: TestParley | undefined;
  let stub: LlmStub | undefined;
  afterEach(async () => {
    await t?.cleanup();
    await stub?.close();
  });

  it('is up when the database, cache and LLM answer', async () => {
    stub = await startLlmStub();
    t = await createTestParley(
      { name: 'SQLite', database: 'sqlite' },
      { overrides: { LLM_BASE_URL: stub.url } },
    );
    const report = await t.parley.health.check();
    expect(report.status).toBe('up');
    expect(Object.keys(report.checks).sort()).toEqual(['cache', 'database', 'llm']);
  });

  it('is degraded, not down, when only the optional cache and LLM fail, and names them', async () => {
    const cache = createRedisCache({ url: 'redis://127.0.0.1:1' });
    t = await createTestParley({ name: 'SQLite', database: 'sqlite' }, { cache });
    const report = await t.parley.health.check();
    expect(report).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'up' }, cache: { status: 'degraded' }, llm: { status: 'degraded' } },
    });
    expect(report.checks.llm?.error).toContain('LLM_API_KEY');
    await cache.close();
  });

  it('is down when the database does not answer', async () => {
    const parley = await createParley({
      env: {
        NODE_ENV: 'test',
        JWT_SECRET: 'health-test-secret-that-is-32-characters',
        LOG_LEVEL: 'silent',
        DATABASE_URL: 'postgres://parley@127.0.0.1:1/none',
        DATABASE_CONNECT_TIMEOUT_MS: 300,
      },
      migrate: false,
    });
    try {
      const report = await parley.health.check();
      expect(report.status).toBe('down');
      expect(report.checks.database).toMatchObject({ status: 'down', error: expect.any(String) });
    } finally {
      await parley.close();
    }
  });
});
