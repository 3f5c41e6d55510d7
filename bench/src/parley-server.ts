import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley } from '@parley/core';
import { createScryptPasswordHasher } from '@parley/core/adapters';
import { createParleyServer, type RateLimit } from '@parley/server';
import type { Started } from './serve-parent.js';

/** Where the benchmarked Parley keeps its data; SQLite in a fresh temp dir unless a URL is given. */
export interface ParleyBackends {
  databaseUrl?: string;
  redisUrl?: string;
  logLevel: string;
  /** Further configuration (e.g. `SOCKET_CHUNK_COALESCE_MS`, `SOCKETS_PER_USER`). */
  settings?: Record<string, string>;
}

/** Limits far above what the bench sends: it measures the work per message, not the limiter's refusals. */
const UNLIMITED: RateLimit = { points: 1_000_000_000, durationSeconds: 1 };

/**
 * The real standalone server (R13.1): auth, sessions, persistence, context, the OpenAI-compatible
 * adapter, metrics and rate limiting all on, pointed at the stub.
 */
export async function startParleyServer(llmUrl: string, backends: ParleyBackends): Promise<Started> {
  const dir = backends.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const parley = await createParley({
    // Accounts are set up before the measured phases; the default cost (64 MiB, ~100 ms per hash)
    // would make 200 registrations minutes long and leave their memory in the server's RSS.
    passwordHasher: createScryptPasswordHasher({ N: 2 ** 10 }),
    // PARLEY_BENCH_LOG_LEVEL and the scenario's settings, checked like the environment's.
    env: { LOG_LEVEL: backends.logLevel, ...backends.settings },
    config: {
      env: 'production',
      database: { url: backends.databaseUrl ?? `sqlite:${join(dir!, 'parley.db')}` },
      redis: { url: backends.redisUrl },
      auth: { jwtSecret: 'parley-bench-secret-with-at-least-32-characters' },
      llm: { baseUrl: llmUrl, apiKey: 'bench', model: 'stub-model' },
      // Socket quotas far above the load too: the idle-sockets scenario opens thousands from one IP.
      sockets: { perUser: 100_000, perIp: 1_000_000 },
    },
  });
  const server = createParleyServer(parley, {
    redis: backends.redisUrl ?? false,
    rateLimit: {
      keyPrefix: `parley:bench:${process.pid}`,
      httpPerIp: UNLIMITED,
      httpPerUser: UNLIMITED,
      authPerIp: UNLIMITED,
      socketPerIp: UNLIMITED,
      socketPerUser: UNLIMITED,
    },
  });
  const { url } = await server.listen(0, '127.0.0.1');
  // As `parley serve` does once it listens, but awaited: the extractor's libraries are set up
  // before the first answer, and the warm-up's 0.4 s is not in any measured phase.
  await parley.requirements.warmUp();
  return {
    url,
    idle: () => parley.chat.idle(),
    // Context sources left out of prompts since start, by `source reason` (late, failed, over budget).
    counts: () =>
      Object.fromEntries(
        parley.chat
          .skippedContextSources()
          .map(({ source, reason, count }) => [`${source} ${reason}`, count]),
      ),
    async close() {
      await server.close();
      await parley.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
