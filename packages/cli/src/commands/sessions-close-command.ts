import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';

/** `parley sessions close ID`: ends a session for good (its history stays readable). */
export function registerSessionsCloseCommand(sessions: Command, ctx: CliContext): void {
  sessions
    .command('close')
    .description('close a session (exit 3 when unknown)')
    .argument('<id>', 'session id')
    .option('--json', 'print the closed session as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const session = await withParley(ctx, command, (parley) => parley.admin.closeSession(id));
      printResult(ctx, options.json, { session }, () => `${ctx.out.green('✓')} closed ${session.id}`);
    });
}
