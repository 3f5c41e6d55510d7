import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { createCliContext } from './runtime/cli-context.js';
import type { CliIo } from './runtime/cli-io.js';
import { EXIT, exitCodeFor } from './runtime/exit-codes.js';
import { failureOf } from './runtime/failure-of.js';

/**
 * Runs one `parley` invocation and returns its exit code: 0 done, 1 failed, 2 bad usage, 3 not
 * found. Failures are one line on stderr, or `{ "error": { code, message } }` on stdout with `--json`.
 */
export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  const ctx = createCliContext(io);
  const program = buildProgram(ctx, version);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { code, message } = failureOf(error);
    if (argv.includes('--json'))
      io.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    else io.stderr.write(`${ctx.err.red(`parley: ${message}`)}${ctx.err.dim(` [${code}]`)}\n`);
    return exitCodeFor(error);
  }
}
