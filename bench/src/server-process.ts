import { startBaselineServer } from './baseline-server.js';
import { startParleyServer } from './parley-server.js';
import { serveParent } from './serve-parent.js';

/** argv: `baseline|parley <llm url>`; Parley's backends come from the environment the parent set. */
const [kind, llmUrl] = process.argv.slice(2);

serveParent(async () => {
  if (!llmUrl) throw new Error('usage: server-process baseline|parley <llm url>');
  if (kind === 'baseline') return startBaselineServer(llmUrl);
  if (kind === 'parley') {
    return startParleyServer(llmUrl, {
      databaseUrl: process.env.PARLEY_BENCH_DATABASE_URL || undefined,
      redisUrl: process.env.REDIS_URL || undefined,
      logLevel: process.env.PARLEY_BENCH_LOG_LEVEL ?? 'warn',
    });
  }
  throw new Error(`unknown server kind "${kind}"`);
});
