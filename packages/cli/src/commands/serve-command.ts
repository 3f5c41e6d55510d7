import type { Command } from 'commander';
import type { ConfigSource } from '@parley/core/config';
import type { CliContext } from '../runtime/cli-context.js';
import { configOverrides } from '../runtime/global-options.js';
import { openParley } from '../runtime/open-parley.js';
import { duration, nonNegativeInt } from '../runtime/parse-options.js';
import { EXIT } from '../runtime/exit-codes.js';
import { printResult } from '../runtime/print-result.js';
import { ollamaBaseUrl, offlineWarning, resolveLlm } from '../runtime/resolve-llm.js';

interface ServeOptions {
  port: number;
  host: string;
  corsOrigin?: string;
  purgeInterval: number;
  json?: boolean;
}

/** A local Ollama when nothing else is configured; failing that, the offline intake, with a warning. */
async function llmOverrides(ctx: CliContext, command: Command): Promise<ConfigSource> {
  const overrides = await resolveLlm(ctx.io.env, configOverrides(ctx.io, command));
  if (overrides.LLM_MODE === 'offline')
    ctx.io.stderr.write(`${ctx.err.yellow('warning:')} ${offlineWarning(ollamaBaseUrl(ctx.io.env))}\n`);
  return overrides;
}

/**
 * `parley serve`: the standalone server (REST + Socket.IO) and the scheduled purge, until SIGINT or
 * SIGTERM; then a graceful shutdown (`SHUTDOWN_GRACE_MS`), and an exit at `SHUTDOWN_DEADLINE_MS`
 * whatever still hangs.
 */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the Parley server (REST + Socket.IO) until interrupted')
    .option('--port <port>', 'port to listen on (0 picks a free one)', nonNegativeInt, 3000)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--cors-origin <origins>', 'comma-separated browser origins allowed (CORS, cookie auth, sockets)')
    .option(
      '--purge-interval <duration>',
      'how often expired sessions are purged (cluster-wide once)',
      duration,
      300_000,
    )
    .option('--json', 'print {url, port} as JSON once listening')
    .action(async (options: ServeOptions, command: Command) => {
      const { createParleyServer } = await import('@parley/server');
      const overrides = await llmOverrides(ctx, command);
      const parley = await openParley(ctx, command, { defaultLogLevel: 'info', overrides });
      const corsOrigins = options.corsOrigin
        ?.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean);
      const server = createParleyServer(parley, corsOrigins ? { corsOrigins } : {});
      const stopPurge = parley.admin.schedulePurge(options.purgeInterval);
      try {
        const address = await server.listen(options.port, options.host);
        // Before the first answer, not inside it.
        void parley.requirements.warmUp();
        printResult(ctx, options.json, address, () =>
          address.opsUrl
            ? `Parley listening on ${address.url} (operations on ${address.opsUrl})`
            : `Parley listening on ${address.url}`,
        );
        await ctx.io.interrupted();
      } catch (error) {
        stopPurge();
        await server.close();
        await parley.close();
        throw error;
      }
      stopPurge();
      const deadline = setTimeout(() => {
        ctx.io.stderr.write(
          `${ctx.err.yellow('warning:')} still stopping after SHUTDOWN_DEADLINE_MS (${parley.config.shutdown.deadlineMs} ms); exiting\n`,
        );
        ctx.io.exit(EXIT.failed);
      }, parley.config.shutdown.deadlineMs);
      try {
        await server.shutdown();
        await parley.close();
      } finally {
        clearTimeout(deadline);
      }
    });
}
