import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';

/** `parley migrate`: brings the database schema up to date (safe to run on every deploy). */
export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await withParley(
        ctx,
        command,
        // Opening the core brings the schema up to date (createParley migrates by default).
        async (parley) => ({ migrated: true, database: parley.config.database.client }),
      );
      printResult(
        ctx,
        options.json,
        result,
        () => `${ctx.out.green('✓')} ${result.database} schema is up to date`,
      );
    });
}
