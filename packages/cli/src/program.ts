import { Command } from 'commander';
import { registerChatCommand } from './commands/chat-command.js';
import { registerConfigCommand } from './commands/config-command.js';
import { registerHealthCommand } from './commands/health-command.js';
import { registerMigrateCommand } from './commands/migrate-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerMemoryCommand } from './commands/memory-command.js';
import { registerSessionsCloseCommand } from './commands/sessions-close-command.js';
import { registerSessionsExportCommand } from './commands/sessions-export-command.js';
import { registerSessionsListCommand } from './commands/sessions-list-command.js';
import { registerSessionsPurgeCommand } from './commands/sessions-purge-command.js';
import { registerSessionsRequirementsCommand } from './commands/sessions-requirements-command.js';
import { registerSessionsShowCommand } from './commands/sessions-show-command.js';
import { registerUsersAddCommand } from './commands/users-add-command.js';
import { registerUsersListCommand } from './commands/users-list-command.js';
import type { CliContext } from './runtime/cli-context.js';
import { addGlobalOptions } from './runtime/global-options.js';

/**
 * The `parley` command tree, one file per command. Settings made on the root before the commands
 * are added (usage errors as exceptions, help after an error) are inherited by every subcommand.
 */
export function buildProgram(ctx: CliContext, version: string): Command {
  const program = new Command('parley')
    .description('Parley: a conversational requirements assistant in your terminal, and its admin tools.')
    .version(version)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: (text, write) => write(ctx.err.red(text)),
    });
  addGlobalOptions(program);

  registerChatCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerMigrateCommand(program, ctx);

  const sessions = program.command('sessions').description('inspect and maintain sessions of all users');
  registerSessionsListCommand(sessions, ctx);
  registerSessionsShowCommand(sessions, ctx);
  registerSessionsRequirementsCommand(sessions, ctx);
  registerSessionsCloseCommand(sessions, ctx);
  registerSessionsPurgeCommand(sessions, ctx);
  registerSessionsExportCommand(sessions, ctx);

  const users = program.command('users').description('manage user accounts');
  registerUsersAddCommand(users, ctx);
  registerUsersListCommand(users, ctx);

  registerMemoryCommand(program, ctx);
  registerHealthCommand(program, ctx);
  registerConfigCommand(program, ctx);
  return program;
}
