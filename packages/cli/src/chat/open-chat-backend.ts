import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { configOverrides } from '../runtime/global-options.js';
import { ensureLocalUser } from '../runtime/local-user.js';
import { openParley } from '../runtime/open-parley.js';
import { prompt, promptHidden } from '../runtime/read-password.js';
import { resolveLlm } from '../runtime/resolve-llm.js';
import type { ChatBackend } from './chat-backend.js';
import { createLocalChatBackend } from './local-chat-backend.js';
import { connectRemoteChatBackend, loginToServer } from './remote-chat-backend.js';

/**
 * The in-process backend: finds a model (key, base URL, a local Ollama, else the offline intake), opens the core
 * with its logs silenced unless LOG_LEVEL asks (they would tear the screen), acts as the local user.
 */
export async function openLocalChatBackend(ctx: CliContext, command: Command): Promise<ChatBackend> {
  const llm = await resolveLlm(ctx.io.env, configOverrides(ctx.io, command));
  const parley = await openParley(ctx, command, { defaultLogLevel: 'silent', overrides: llm });
  try {
    const user = await ensureLocalUser(parley);
    // While the user writes the first message, not inside its answer.
    void parley.requirements.warmUp();
    return createLocalChatBackend(parley, user.id);
  } catch (error) {
    await parley.close();
    throw error;
  }
}

/** The server backend; the token is `PARLEY_TOKEN`, or a login on the terminal (`chat` always has one). */
export async function openRemoteChatBackend(ctx: CliContext, url: string): Promise<ChatBackend> {
  let token = ctx.io.env.PARLEY_TOKEN?.trim();
  if (!token) {
    ctx.io.stderr.write(`Log in to ${url}\n`);
    const email = await prompt(ctx.io, 'Email: ');
    token = await loginToServer(url, email, await promptHidden(ctx.io, 'Password: '));
  }
  return connectRemoteChatBackend(url, token);
}
