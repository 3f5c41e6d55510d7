import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';

/** `parley memory show|forget --user EMAIL`: what Parley remembers about a user, and wiping it (R9). */
export function registerMemoryCommand(program: Command, ctx: CliContext): void {
  const memory = program.command('memory').description("inspect or delete a user's remembered preferences");
  memory
    .command('show')
    .description('list what Parley remembers about the user')
    .requiredOption('--user <email>', "the user's email")
    .option('--json', 'print the items as JSON')
    .action(async (options: { user: string; json?: boolean }, command: Command) => {
      const result = await withParley(ctx, command, async (parley) => {
        const user = await parley.admin.findUser(options.user);
        return { user, ...(await parley.memory.context(user.id)) };
      });
      printResult(ctx, options.json, result, () =>
        [
          `${result.user.email}: personalization ${result.personalization ? 'on' : 'off'}`,
          ...result.items.map((item, n) => `${n + 1}. [${item.kind}] ${item.key}: ${item.value}`),
          ...(result.items.length === 0 ? ['nothing remembered'] : []),
        ].join('\n'),
      );
    });
  memory
    .command('forget')
    .description('delete everything Parley remembers about the user')
    .requiredOption('--user <email>', "the user's email")
    .option('--json', 'print how many items were deleted as JSON')
    .action(async (options: { user: string; json?: boolean }, command: Command) => {
      const result = await withParley(ctx, command, async (parley) => {
        const user = await parley.admin.findUser(options.user);
        return { user, deleted: await parley.memory.deleteAll(user.id) };
      });
      printResult(
        ctx,
        options.json,
        result,
        () => `${ctx.out.green('✓')} forgot ${result.deleted} item(s) of ${result.user.email}`,
      );
    });
}
