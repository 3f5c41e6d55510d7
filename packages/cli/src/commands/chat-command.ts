import type { Command } from 'commander';
import { ParleyError } from '@parley/core';
import type { ChatOptions } from '../chat/run-chat.js';
import type { CliContext } from '../runtime/cli-context.js';

/** `parley chat`: the Ink terminal chat, in-process by default or against `--server URL` (R11.1). */
export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description('chat in the terminal; resumes your last active session')
    .option('--new', 'start a new session instead of resuming the last one')
    .option('--server <url>', 'talk to a running Parley server (token: PARLEY_TOKEN or a login prompt)')
    .action(async (options: ChatOptions, command: Command) => {
      if (ctx.io.stdin.isTTY !== true || ctx.io.stdout.isTTY !== true) {
        throw new ParleyError(
          'VALIDATION_FAILED',
          'parley chat needs a terminal: stdin and stdout must be a TTY.',
        );
      }
      // Ink, React and the Markdown renderer load only here, so admin commands start fast.
      const { runChat } = await import('../chat/run-chat.js');
      await runChat(ctx, command, options);
    });
}
