import { Option, type Command } from 'commander';
import type { SessionStatus } from '@parley/core';
import type { CliContext } from '../runtime/cli-context.js';
import { formatTable } from '../runtime/format-table.js';
import { withParley } from '../runtime/open-parley.js';
import { nonNegativeInt, positiveInt } from '../runtime/parse-options.js';
import { printResult } from '../runtime/print-result.js';

interface ListOptions {
  status: SessionStatus | 'all';
  limit: number;
  offset: number;
  json?: boolean;
}

/** `parley sessions list`: every user's sessions, most recently active first. */
export function registerSessionsListCommand(sessions: Command, ctx: CliContext): void {
  sessions
    .command('list')
    .description('list sessions of all users, most recently active first')
    .addOption(
      new Option('--status <status>', 'only this status')
        .choices(['active', 'expired', 'closed', 'all'])
        .default('all'),
    )
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .option('--offset <n>', 'skip this many', nonNegativeInt, 0)
    .option('--json', 'print the sessions as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const list = await withParley(ctx, command, (parley) =>
        parley.admin.listSessions({ status: options.status, limit: options.limit, offset: options.offset }),
      );
      printResult(ctx, options.json, { sessions: list }, () =>
        list.length === 0
          ? 'No sessions.'
          : formatTable(
              ['ID', 'USER', 'STATUS', 'MESSAGES', 'LAST ACTIVITY', 'TITLE'],
              list.map((s) => [
                s.id,
                s.userId,
                s.status,
                String(s.lastSeq),
                s.lastActivityAt.toISOString(),
                s.title ?? '',
              ]),
              ctx.out.bold,
            ),
      );
    });
}
