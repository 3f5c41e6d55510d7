import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { openParley } from '../runtime/open-parley.js';
import { positiveInt } from '../runtime/parse-options.js';
import { printResult } from '../runtime/print-result.js';

/** `parley serve`: the standalone server (REST + Socket.IO) until SIGINT/SIGTERM, then a clean shutdown. */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the Parley server (REST + Socket.IO) until interrupted')
    .option(
      '--port <port>',
      'port to listen on (0 picks a free one)',
      (value) => (value === '0' ? 0 : positiveInt(value)),
      3000,
    )
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--json', 'print {url, port} as JSON once listening')
    .action(async (options: { port: number; host: string; json?: boolean }, command: Command) => {
      const { createParleyServer } = await import('@parley/server');
      const parley = await openParley(ctx, command, { defaultLogLevel: 'info' });
      const server = createParleyServer(parley, {});
      try {
        const address = await server.listen(options.port, options.host);
        printResult(ctx, options.json, address, () => `Parley listening on ${address.url}`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
      } finally {
        await server.close();
        await parley.close();
      }
    });
}
