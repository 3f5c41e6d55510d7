import { startBaselineServer } from './baseline-server.js';
import { startParleyServer } from './parley-server.js';
import { serveParent } from './serve-parent.js';

/** argv: `baseline|parley <llm url>`; the backends (PostgreSQL, Redis) come from the environment the parent set. */
const [kind, llmUrl] = process.argv.slice(2);
const redisUrl = process.env.PARLEY_BENCH_REDIS_URL || undefined;

serveParent(async () => {
  if (!llmUrl) throw new Error('usage: server-process baseline|parley <llm url>');
  if (kind === 'baseline') return startBaselineServer(llmUrl, redisUrl);
  if (kind === 'parley') {
    return startParleyServer(llmUrl, {
      databaseUrl: process.env.PARLEY_BENCH_DATABASE_URL || undefined,
      redisUrl,
      logLevel: process.env.PARLEY_BENCH_LOG_LEVEL ?? 'warn',
      settings: JSON.parse(process.env.PARLEY_BENCH_SERVER_ENV || '{}') as Record<string, string>,
    });
  }
  throw new Error(`unknown server kind "${kind}"`);
});
