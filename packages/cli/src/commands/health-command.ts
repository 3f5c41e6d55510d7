import type { Command } from 'commander';
import type { DependencyStatus } from '@parley/core/types';
import type { CliContext } from '../runtime/cli-context.js';
import { EXIT } from '../runtime/exit-codes.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';

/** `parley health`: readiness of database, cache and LLM; exit 1 when a required one is down. */
export function registerHealthCommand(program: Command, ctx: CliContext): void {
  program
    .command('health')
    .description('check the database, cache and LLM (exit 1 when down)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const report = await withParley(ctx, command, (parley) => parley.health.check(), { migrate: false });
      const paint: Record<DependencyStatus, (text: string) => string> = {
        up: ctx.out.green,
        degraded: ctx.out.yellow,
        down: ctx.out.red,
      };
      printResult(ctx, options.json, report, () =>
        [
          `${ctx.out.bold('status')}  ${paint[report.status](report.status)}`,
          ...Object.entries(report.checks).map(
            ([name, check]) =>
              `${name.padEnd(9)} ${paint[check.status](check.status.padEnd(8))} ${check.latencyMs} ms${check.error ? `  ${check.error}` : ''}`,
          ),
        ].join('\n'),
      );
      if (report.status === 'down') ctx.exitCode = EXIT.failed;
    });
}
