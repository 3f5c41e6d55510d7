import type { Command } from 'commander';
import type { CliContext } from '../runtime/cli-context.js';
import { withParley } from '../runtime/open-parley.js';
import { positiveInt } from '../runtime/parse-options.js';
import { printResult } from '../runtime/print-result.js';

/** `parley sessions show ID`: one session, its owner and its newest messages. */
export function registerSessionsShowCommand(sessions: Command, ctx: CliContext): void {
  sessions
    .command('show')
    .description('show a session with its newest messages (exit 3 when unknown)')
    .argument('<id>', 'session id')
    .option('--messages <n>', 'how many of the newest messages to include', positiveInt, 20)
    .option('--json', 'print the session as JSON')
    .action(async (id: string, options: { messages: number; json?: boolean }, command: Command) => {
      const result = await withParley(ctx, command, (parley) =>
        parley.admin.showSession(id, options.messages),
      );
      printResult(ctx, options.json, result, () => {
        const { session, user, messages } = result;
        const head = [
          `${ctx.out.bold('session')}   ${session.id}`,
          `user      ${user.email} (${user.id})`,
          `status    ${session.status}`,
          `title     ${session.title ?? ''}`,
          `messages  ${session.lastSeq}`,
          `created   ${session.createdAt.toISOString()}`,
          `activity  ${session.lastActivityAt.toISOString()}`,
        ];
        const body = messages.map(
          (m) =>
            `\n${ctx.out.bold(`#${m.seq} ${m.role}`)}${m.status === 'incomplete' ? ctx.out.yellow(' (incomplete)') : ''}\n${m.content}`,
        );
        return [...head, ...body].join('\n');
      });
    });
}
