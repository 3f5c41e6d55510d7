import { afterEach, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/adapters/cache/redis-cache.js';
import { createParley } from '../../src/create-parley.js';
import { ParleyError } from '../../src/errors/parley-error.js';
import { HealthService } from '../../src/services/health/health-service.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
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
      { config: { llm: { baseUrl: stub.url } } },
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
      expect(report.checks.database).toMatchObject({
        status: 'down',
        error: 'The database is not answering; retry shortly.',
      });
    } finally {
      await parley.close();
    }
  });

  it('reuses one round of probes for a few seconds by the clock, shared by concurrent callers', async () => {
    const clock = createManualClock();
    const calls = { database: 0, llm: 0 };
    const health = new HealthService(
      [
        { name: 'database', required: true, check: async () => void (calls.database += 1) },
        {
          name: 'llm',
          required: false,
          check: async () => {
            calls.llm += 1;
            throw new Error('connect ECONNREFUSED 10.0.0.7:443 with key sk-secret');
          },
        },
      ],
      clock,
    );
    const reports = await Promise.all(Array.from({ length: 50 }, () => health.check()));
    expect(calls).toEqual({ database: 1, llm: 1 });
    expect(reports[49]).toMatchObject({ status: 'degraded', checks: { llm: { error: 'unavailable' } } });
    clock.advance(4_999);
    await health.check();
    expect(calls).toEqual({ database: 1, llm: 1 });
    clock.advance(1);
    await health.check();
    expect(calls).toEqual({ database: 2, llm: 2 });
  });

  it('shows a Parley error by its safe message and anything else by a generic word', async () => {
    const health = new HealthService(
      [
        {
          name: 'llm',
          required: false,
          check: () => Promise.reject(new ParleyError('LLM_NOT_CONFIGURED', 'Set LLM_API_KEY.')),
        },
        {
          name: 'database',
          required: true,
          check: () => Promise.reject(new Error('password authentication failed for user "admin"')),
        },
      ],
      createManualClock(),
    );
    const report = await health.check();
    expect(report.checks).toMatchObject({
      llm: { status: 'degraded', error: 'Set LLM_API_KEY.' },
      database: { status: 'down', error: 'unavailable' },
    });
  });
});
