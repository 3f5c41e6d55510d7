import type { Command } from 'commander';
import { loadConfig } from '@parley/core/config';
import type { CliContext } from '../runtime/cli-context.js';
import { configOverrides } from '../runtime/global-options.js';
import { printResult } from '../runtime/print-result.js';
import { redactConfig } from '../runtime/redact-config.js';

function flatten(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [`${prefix} = ${JSON.stringify(value)}`];
  }
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

/** `parley config`: the effective configuration (env + flags, validated), secrets redacted. */
export function registerConfigCommand(program: Command, ctx: CliContext): void {
  program
    .command('config')
    .description('print the effective configuration, secrets redacted (exit 2 when invalid)')
    .option('--json', 'print it as JSON')
    .action((options: { json?: boolean }, command: Command) => {
      const config = redactConfig(loadConfig({ ...ctx.io.env, ...configOverrides(ctx.io, command) }));
      printResult(ctx, options.json, config, () => flatten(config).join('\n'));
    });
}
