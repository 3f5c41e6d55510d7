import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ExportFormat } from '@parley/core';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { printResult } from '../runtime/print-result.js';

/**
 * `parley sessions export ID --format md|json [-o FILE]`: the conversation to stdout or a file (R4.5);
 * with `--json` one JSON document either way, like every admin command.
 */
export function registerSessionsExportCommand(sessions: Command, ctx: CliContext): void {
  sessions
    .command('export')
    .description('export a conversation as Markdown or JSON (exit 3 when unknown)')
    .argument('<id>', 'session id')
    .addOption(
      new Option('--format <format>', 'document format').choices(['md', 'json']).makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--json', 'print {sessionId, format, content} as JSON; with -o, {sessionId, format, file, bytes}')
    .action(
      async (
        id: string,
        options: { format: ExportFormat; output?: string; json?: boolean },
        command: Command,
      ) => {
        const document = await withParley(ctx, command, (parley) =>
          parley.admin.exportSession(id, options.format),
        );
        if (options.output === undefined) {
          if (options.json)
            printResult(ctx, true, { sessionId: id, format: options.format, content: document }, () => '');
          else ctx.io.stdout.write(document);
          return;
        }
        const file = resolve(ctx.io.cwd, options.output);
        await writeFile(file, document);
        const result = { sessionId: id, format: options.format, file, bytes: Buffer.byteLength(document) };
        printResult(
          ctx,
          options.json,
          result,
          () => `${ctx.out.green('✓')} wrote ${file} (${result.bytes} bytes)`,
        );
      },
    );
}
