import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';
import { readPassword } from '../runtime/read-password.js';

/** `parley users add EMAIL`: registers a user; the password comes from a flag, stdin, or a hidden prompt. */
export function registerUsersAddCommand(users: Command, ctx: CliContext): void {
  users
    .command('add')
    .description('create a user (password: --password, piped stdin, or a prompt on a terminal)')
    .argument('<email>', 'email address')
    .option('--password <password>', 'the password (visible in process lists; prefer stdin)')
    .option('--name <name>', 'display name')
    .option('--json', 'print the user as JSON')
    .action(
      async (
        email: string,
        options: { password?: string; name?: string; json?: boolean },
        command: Command,
      ) => {
        const password = await readPassword(ctx.io, options.password);
        const user = await withParley(ctx, command, (parley) =>
          parley.admin.addUser({ email, password, ...(options.name ? { displayName: options.name } : {}) }),
        );
        printResult(
          ctx,
          options.json,
          { user },
          () => `${ctx.out.green('✓')} added ${user.email} (${user.id})`,
        );
      },
    );
}
