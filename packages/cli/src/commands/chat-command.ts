import { createElement } from 'react';
import { render } from 'ink';
import type { Command } from 'commander';
import { ParleyError } from '@parley/core';
import { ChatApp } from '../chat/chat-app.js';
import { openLocalChatBackend, openRemoteChatBackend } from '../chat/open-chat-backend.js';
import { startConversation } from '../chat/start-conversation.js';
import type { CliContext } from '../runtime/cli-context.js';

/** `parley chat`: the Ink terminal chat, in-process by default or against `--server URL` (R11.1). */
export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description('chat in the terminal; resumes your last active session')
    .option('--new', 'start a new session instead of resuming the last one')
    .option('--server <url>', 'talk to a running Parley server (token: PARLEY_TOKEN or a login prompt)')
    .action(async (options: { new?: boolean; server?: string }, command: Command) => {
      if (ctx.io.stdin.isTTY !== true || ctx.io.stdout.isTTY !== true) {
        throw new ParleyError(
          'VALIDATION_FAILED',
          'parley chat needs a terminal: stdin and stdout must be a TTY.',
        );
      }
      const backend = options.server
        ? await openRemoteChatBackend(ctx, options.server)
        : await openLocalChatBackend(ctx, command);
      try {
        const start = await startConversation(backend, options.new === true);
        const app = render(createElement(ChatApp, { backend, start, cwd: ctx.io.cwd }), {
          exitOnCtrlC: false,
        });
        await app.waitUntilExit();
      } finally {
        await backend.close();
      }
    });
}
