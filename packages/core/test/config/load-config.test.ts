import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { expectCode } from '../services/expect-code.js';

const secret = 'a'.repeat(32);
const fails = (env: Record<string, string>) =>
  expectCode(
    Promise.resolve().then(() => loadConfig(env)),
    'CONFIG_INVALID',
  );

describe('loadConfig (R10.1)', () => {
  it('runs on the embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ client: 'sqlite', filename: resolve('.parley/parley.db') });
    expect(config.redis).toBeNull();
    expect(config.sessions.ttlMs).toBe(30 * 60_000);
    expect(config.auth.jwtSecretGenerated).toBe(true);
    expect(config.auth.jwtTtlSeconds).toBe(12 * 3600);
    expect(config.llm).toMatchObject({
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: null,
      fallbackModels: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every database URL form', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database.client).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).database.client).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database.filename).toBe(':memory:');
    expect(loadConfig({ DATABASE_URL: 'sqlite:data/x.db' }).database.filename).toBe(resolve('data/x.db'));
    expect(loadConfig({ DATABASE_URL: '/tmp/plain.db' }).database.filename).toBe('/tmp/plain.db');
  });

  it('sends prepared statements on PostgreSQL unless DATABASE_PREPARED_STATEMENTS is off', () => {
    expect(loadConfig({}).database.preparedStatements).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).database.preparedStatements).toBe(false);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'on' }).database.preparedStatements).toBe(true);
  });

  it('lets typed configuration in code win over the environment, key by key, and ignores blank values', () => {
    const config = loadConfig(
      { SESSION_TTL_MINUTES: '10', REDIS_URL: ' ', LOG_LEVEL: 'debug', LLM_MODEL: 'env/model' },
      { sessions: { ttlMinutes: 5 }, logLevel: undefined, llm: { fallbackModels: ['code/fallback'] } },
    );
    expect(config.sessions.ttlMs).toBe(5 * 60_000);
    expect(config.redis).toBeNull();
    expect(config.logLevel).toBe('debug');
    expect(config.llm).toMatchObject({ model: 'env/model', fallbackModels: ['code/fallback'] });
  });

  it('applies typed configuration in code with no environment at all', () => {
    const config = loadConfig(
      {},
      {
        database: { url: 'sqlite::memory:' },
        redis: { url: 'redis://127.0.0.1:6379' },
        llm: { model: 'a/b', fallbackModels: ['c/d'], baseUrl: 'http://llm.local/v1/' },
        sessions: { ttlMinutes: 60 },
        retrieval: { enabled: false },
        trustProxy: ['10.0.0.0/8'],
        cors: { origins: ['https://App.example.com/'] },
        rateLimits: { authPerIp: { points: 3, durationSeconds: 60 } },
        requirements: { salaryBands: [{ seniority: 'senior', min: 1, max: 2, currency: 'EUR' }] },
      },
    );
    expect(config.database).toMatchObject({ client: 'sqlite', filename: ':memory:' });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'parley:' });
    expect(config.llm).toMatchObject({
      model: 'a/b',
      fallbackModels: ['c/d'],
      baseUrl: 'http://llm.local/v1',
      baseUrlSet: true,
    });
    expect(config.sessions.ttlMs).toBe(60 * 60_000);
    expect(config.retrieval.enabled).toBe(false);
    expect(config.trustProxy).toEqual(['10.0.0.0/8']);
    expect(config.cors.origins).toEqual(['https://app.example.com']);
    expect(config.rateLimits.authPerIp).toEqual({ points: 3, durationSeconds: 60 });
    expect(config.rateLimits.httpPerIp).toEqual({ points: 600, durationSeconds: 60 });
    expect(config.requirements.salaryBands).toHaveLength(1);
  });

  it.each([
    [{ sessions: { ttlMinutes: '60' } }, 'sessions.ttlMinutes'],
    [{ sessions: { ttlMinutes: 0 } }, 'sessions.ttlMinutes'],
    [{ llm: { fallbackModels: 'a/b' } }, 'llm.fallbackModels'],
    [{ database: { url: 42 } }, 'database.url'],
    [{ redis: { url: 'http://localhost:6379' } }, 'redis.url'],
    [{ sessions: { ttlMinute: 5 } }, 'sessions'],
    [{ trustProxy: true }, 'trustProxy'],
    [{ rateLimits: { httpPerIp: { points: 0, durationSeconds: 60 } } }, 'rateLimits.httpPerIp.points'],
    [{ retrieval: { embeddingsBatchMs: -1 } }, 'retrieval.embeddingsBatchMs'],
    [{ retrieval: { embeddingsBatchMs: 1_001 } }, 'retrieval.embeddingsBatchMs'],
    [{ retrieval: { vectorWaitMs: 60_001 } }, 'retrieval.vectorWaitMs'],
  ])('refuses %j in code with CONFIG_INVALID naming %s', async (input, path) => {
    const error = await expectCode(
      Promise.resolve().then(() => loadConfig({}, input as never)),
      'CONFIG_INVALID',
    );
    expect(error.details.keys).toEqual([path]);
    expect(error.message).toContain(path);
  });

  it('names the environment variable when the bad value came from the environment', async () => {
    const error = await expectCode(
      Promise.resolve().then(() => loadConfig({ SESSION_TTL_MINUTES: '0' }, { llm: { model: 'a/b' } })),
      'CONFIG_INVALID',
    );
    expect(error.details.keys).toEqual(['SESSION_TTL_MINUTES']);
  });

  it('reads RETRIEVAL_VECTOR_WAIT_MS (default 1000, 0 to use only a vector half already there) and refuses a bad one naming it', async () => {
    expect(loadConfig({}).retrieval.vectorWaitMs).toBe(1_000);
    expect(loadConfig({ RETRIEVAL_VECTOR_WAIT_MS: '0' }).retrieval.vectorWaitMs).toBe(0);
    expect(loadConfig({ RETRIEVAL_VECTOR_WAIT_MS: '250' }).retrieval.vectorWaitMs).toBe(250);
    const error = await fails({ RETRIEVAL_VECTOR_WAIT_MS: '-1' });
    expect(error.details.keys).toEqual(['RETRIEVAL_VECTOR_WAIT_MS']);
  });

  it('reads EMBEDDINGS_BATCH_MS (default 10, 0 to send each answer alone) and refuses a bad one naming it', async () => {
    expect(loadConfig({}).retrieval.embeddingsBatchMs).toBe(10);
    expect(loadConfig({ EMBEDDINGS_BATCH_MS: '0' }).retrieval.embeddingsBatchMs).toBe(0);
    const error = await fails({ EMBEDDINGS_BATCH_MS: 'soon' });
    expect(error.details.keys).toEqual(['EMBEDDINGS_BATCH_MS']);
  });

  it('reads retrieval: scope session unless user; an empty LLM_EMBEDDING_MODEL means lexical only (R6)', async () => {
    expect(loadConfig({}).retrieval).toMatchObject({ scope: 'session', embeddings: 'auto' });
    expect(loadConfig({ RETRIEVAL_SCOPE: 'user' }).retrieval.scope).toBe('user');
    expect(loadConfig({ LLM_EMBEDDING_MODEL: ' ' }).retrieval.embeddings).toBe('off');
    expect(
      loadConfig({ LLM_EMBEDDING_MODEL: 'm' }, { llm: { embeddingModel: null } }).retrieval.embeddings,
    ).toBe('off');
    expect(
      loadConfig({ LLM_EMBEDDING_MODEL: '' }, { llm: { embeddingModel: 'm' } }).retrieval.embeddings,
    ).toBe('auto');
    await fails({ RETRIEVAL_SCOPE: 'everyone' });
  });

  it('takes the OpenRouter key when LLM_API_KEY is absent and splits fallback models', () => {
    const config = loadConfig({ OPENROUTER_API_KEY: 'sk-or-1', LLM_FALLBACK_MODELS: 'a/b, c/d ,' });
    expect(config.llm.apiKey).toBe('sk-or-1');
    expect(config.llm.fallbackModels).toEqual(['a/b', 'c/d']);
  });

  it('points embeddings at the chat endpoint unless their own is set, and offers tools unless off', () => {
    const shared = loadConfig({ LLM_API_KEY: 'sk-chat', LLM_BASE_URL: 'http://chat.local/v1/' });
    expect(shared.llm.embedding).toEqual({
      baseUrl: 'http://chat.local/v1',
      baseUrlSet: true,
      apiKey: 'sk-chat',
      fallbackModels: [],
    });
    expect(shared.llm.tools).toBe('auto');
    const own = loadConfig({
      LLM_API_KEY: 'sk-chat',
      LLM_EMBEDDING_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_EMBEDDING_API_KEY: 'sk-embed',
      LLM_EMBEDDING_FALLBACK_MODELS: 'nomic-embed-text, all-minilm',
      LLM_TOOLS: 'off',
    });
    expect(own.llm.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(own.llm.embedding).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      baseUrlSet: true,
      apiKey: 'sk-embed',
      fallbackModels: ['nomic-embed-text', 'all-minilm'],
    });
    expect(own.llm.tools).toBe('off');
    expect(loadConfig({}).llm.embedding).toMatchObject({ apiKey: null, baseUrlSet: false });
  });

  it.each([
    [{ SESSION_TTL_MINUTES: 'soon' }, 'SESSION_TTL_MINUTES'],
    [{ SESSION_TTL_MINUTES: '0' }, 'SESSION_TTL_MINUTES'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_TTL: '12 hours' }, 'JWT_TTL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'test' }, 'JWT_SECRET'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
    [{ LLM_BASE_URL: 'not a url' }, 'LLM_BASE_URL'],
    [{ LLM_EMBEDDING_BASE_URL: 'not a url' }, 'LLM_EMBEDDING_BASE_URL'],
    [{ LLM_TOOLS: 'sometimes' }, 'LLM_TOOLS'],
    [{ DATABASE_QUEUE_TIMEOUT_MS: '50' }, 'DATABASE_QUEUE_TIMEOUT_MS'],
    [{ DATABASE_QUEUE_TIMEOUT_MS: 'a minute' }, 'DATABASE_QUEUE_TIMEOUT_MS'],
    [{ DATABASE_PREPARED_STATEMENTS: 'yes' }, 'DATABASE_PREPARED_STATEMENTS'],
  ])('stops on %j with CONFIG_INVALID naming %s', async (env, key) => {
    const error = await fails(env);
    expect(error.message).toContain(key);
    expect(error.details.keys).toContain(key);
  });

  it('accepts production with a proper secret and never puts the secret in an error', async () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
    const error = await fails({ JWT_SECRET: 'tiny-secret-value' });
    expect(error.message).not.toContain('tiny-secret-value');
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['1', 1],
    ['10.0.0.0/8, 192.168.1.7,::1/128', ['10.0.0.0/8', '192.168.1.7', '::1/128']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ])('reads TRUST_PROXY=%s as %j', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['true', '11', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/9', ','])(
    'refuses TRUST_PROXY=%s with CONFIG_INVALID naming the key',
    async (value) => {
      const error = await fails({ TRUST_PROXY: value });
      expect(error.details.keys).toEqual(['TRUST_PROXY']);
    },
  );

  it('reads RATE_LIMIT_* as points per window over the defaults, and CORS_ORIGINS as normalised origins', () => {
    const config = loadConfig({
      RATE_LIMIT_HTTP_PER_IP: '5/30s',
      RATE_LIMIT_OPS_PER_IP: '1000/1h',
      CORS_ORIGINS: 'https://App.example.com/, http://localhost:3000',
    });
    expect(config.rateLimits.httpPerIp).toEqual({ points: 5, durationSeconds: 30 });
    expect(config.rateLimits.opsPerIp).toEqual({ points: 1000, durationSeconds: 3600 });
    expect(config.rateLimits.httpPerUser).toEqual({ points: 300, durationSeconds: 60 });
    expect(config.cors.origins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(loadConfig({}).cors.origins).toEqual([]);
  });

  it.each([
    ['RATE_LIMIT_HTTP_PER_IP', '5'],
    ['RATE_LIMIT_HTTP_PER_USER', '0/1m'],
    ['RATE_LIMIT_AUTH_PER_IP', 'many/1m'],
    ['RATE_LIMIT_SOCKET_PER_IP', '5/0s'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://app.example.com,*'],
    ['CORS_ORIGINS', 'app.example.com'],
    ['CORS_ORIGINS', 'https://app.example.com/path'],
    ['CORS_ORIGINS', 'ftp://files.example.com'],
  ])('refuses %s=%s with CONFIG_INVALID naming the key', async (key, value) => {
    const error = await fails({ [key]: value });
    expect(error.details.keys).toEqual([key]);
  });
});
