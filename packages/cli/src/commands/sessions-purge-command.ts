import type { Command } from 'commander';
import type { PurgeResult } from '@parley/core/types';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { duration, positiveInt } from '../runtime/parse-options.js';
import { printResult } from '../runtime/print-result.js';
import { startProgress } from '../runtime/progress.js';

interface PurgeFlags {
  dryRun?: boolean;
  olderThan?: number;
  batchSize: number;
  json?: boolean;
}

/** `parley sessions purge`: marks idle sessions expired; with `--older-than`, deletes old ended ones (R2.5). */
export function registerSessionsPurgeCommand(sessions: Command, ctx: CliContext): void {
  sessions
    .command('purge')
    .description('expire idle sessions; with --older-than also delete ended ones and their history')
    .option('--dry-run', 'count what would change, change nothing')
    .option(
      '--older-than <duration>',
      'delete expired/closed sessions idle longer than this (e.g. 30d)',
      duration,
    )
    .option('--batch-size <n>', 'rows per statement', positiveInt, 500)
    .option('--json', 'print the counts as JSON')
    .action(async (options: PurgeFlags, command: Command) => {
      const progress = startProgress(ctx, options.dryRun ? 'counting…' : 'purging…');
      const describe = (r: PurgeResult) =>
        `${r.expired} expired, ${r.deleted} deleted${r.dryRun ? ' (dry run)' : ''}`;
      const result = await withParley(ctx, command, (parley) =>
        parley.admin.purge({
          dryRun: options.dryRun === true,
          batchSize: options.batchSize,
          ...(options.olderThan === undefined ? {} : { deleteOlderThanMs: options.olderThan }),
          onProgress: (so) => progress.update(`purging… ${describe(so)}`),
        }),
      ).finally(() => progress.stop());
      printResult(ctx, options.json, result, () => `${ctx.out.green('✓')} ${describe(result)}`);
    });
}
