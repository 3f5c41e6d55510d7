import { createElement } from 'react';
import { render } from 'ink';
import type { Command } from 'commander';
import { OFFLINE_MODEL } from '@parley/core/adapters';
import type { CliContext } from '../runtime/cli-context.js';
import { OFFLINE_BANNER } from '../runtime/resolve-llm.js';
import { ChatApp } from './chat-app.js';
import { openLocalChatBackend, openRemoteChatBackend } from './open-chat-backend.js';
import { startConversation } from './start-conversation.js';

/** What `parley chat` was asked for. */
export interface ChatOptions {
  new?: boolean;
  server?: string;
}

/**
 * Opens the backend, restores or starts the session, and runs the Ink screen until the user quits;
 * over the offline intake, a one-line banner above the screen names the keys for a real model.
 */
export async function runChat(ctx: CliContext, command: Command, options: ChatOptions): Promise<void> {
  const backend = options.server
    ? await openRemoteChatBackend(ctx, options.server)
    : await openLocalChatBackend(ctx, command);
  try {
    const start = await startConversation(backend, options.new === true);
    if (backend.model === OFFLINE_MODEL) ctx.io.stdout.write(`${ctx.out.yellow(OFFLINE_BANNER)}\n`);
    const app = render(createElement(ChatApp, { backend, start, cwd: ctx.io.cwd }), { exitOnCtrlC: false });
    await app.waitUntilExit();
  } finally {
    await backend.close();
  }
}
