import type { Command } from 'commander';
import { requirementsLines } from '../chat/describe-requirements.js';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';

/** `parley sessions requirements ID`: any user's session requirement profile, conflicts and questions. */
export function registerSessionsRequirementsCommand(sessions: Command, ctx: CliContext): void {
  sessions
    .command('requirements')
    .description('show a session’s requirement profile, conflicts and open questions (exit 3 when unknown)')
    .argument('<id>', 'session id')
    .option('--json', 'print { profile, conflicts, questions, version } as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const view = await withParley(ctx, command, (parley) => parley.admin.requirementsOf(id));
      printResult(ctx, options.json, view, () => {
        const [head = '', ...rest] = requirementsLines(view);
        const open = new Set(view.conflicts.filter((c) => c.state === 'open').map((c) => `  ! ${c.message}`));
        return [ctx.out.bold(head), ...rest.map((line) => (open.has(line) ? ctx.out.red(line) : line))].join(
          '\n',
        );
      });
    });
}
