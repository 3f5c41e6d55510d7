import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParley, type Parley } from '@parley/core';
import { createParleyServer, type ParleyServer } from '@parley/server';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';

/** A real core on a temp SQLite file with the stub as its model (and, with `search`, its Tavily). */
export interface TestCore {
  stub: LlmStub;
  parley: Parley;
  /** Serves the core over HTTP and Socket.IO; closed by `close()`. */
  serve(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the stub and a core for the CLI backend tests; `env` adds or overrides config keys. */
export async function startTestCore(
  options: { search?: boolean; env?: Record<string, string> } = {},
): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-core-'));
  const stub = await startLlmStub();
  const parley = await createParley({
    env: {
      DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
      LLM_BASE_URL: stub.url,
      LLM_API_KEY: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
      ...(options.search
        ? { TAVILY_API_KEY: 'tvly-test', TAVILY_BASE_URL: stub.url.replace(/\/v1$/, '') }
        : {}),
      ...options.env,
    },
  });
  let server: ParleyServer | undefined;
  return {
    stub,
    parley,
    async serve() {
      server = createParleyServer(parley, { redis: false });
      return (await server.listen(0)).url;
    },
    async close() {
      await server?.close();
      await parley.close();
      await stub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
