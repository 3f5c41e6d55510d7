import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { formatTable } from '../runtime/format-table.js';
import { withParley } from '../runtime/open-parley.js';
import { nonNegativeInt, positiveInt } from '../runtime/parse-options.js';
import { printResult } from '../runtime/print-result.js';

/** `parley users list`: accounts, oldest first. */
export function registerUsersListCommand(users: Command, ctx: CliContext): void {
  users
    .command('list')
    .description('list users, oldest first')
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .option('--offset <n>', 'skip this many', nonNegativeInt, 0)
    .option('--json', 'print the users as JSON')
    .action(async (options: { limit: number; offset: number; json?: boolean }, command: Command) => {
      const list = await withParley(ctx, command, (parley) =>
        parley.admin.listUsers({ limit: options.limit, offset: options.offset }),
      );
      printResult(ctx, options.json, { users: list }, () =>
        list.length === 0
          ? 'No users.'
          : formatTable(
              ['ID', 'EMAIL', 'NAME', 'CREATED'],
              list.map((u) => [u.id, u.email, u.displayName ?? '', u.createdAt.toISOString()]),
              ctx.out.bold,
            ),
      );
    });
}
