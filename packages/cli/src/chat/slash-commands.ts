import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ParleyError,
  SEARCH_INTENTS,
  type RequirementsView,
  type SearchIntent,
  type SearchRun,
} from '@parley/core';
import type { ChatBackend, ChatSession } from './chat-backend.js';
import type { ChatAction } from './chat-state.js';
import { pendingQuestions, requirementsLines } from './describe-requirements.js';
import { memoryLines, MEMORY_USAGE } from './describe-memory.js';
import { profileField, requirementValue } from './requirement-value.js';
import { describeFailure } from '../runtime/failure-of.js';

/** What a slash command may use: the backend, the current session, the transcript, and quitting. */
export interface SlashContext {
  backend: ChatBackend;
  session: ChatSession;
  /** An answer is streaming into the current session. */
  busy: boolean;
  cwd: string;
  /** The session's requirements as the panel shows them (questions are numbered from these). */
  requirements: RequirementsView | null;
  /** The newest search shown, for `/keep n`. */
  lastSearch: SearchRun | null;
  dispatch(action: ChatAction): void;
  quit(): void;
}

/** One `/name` command; adding a feature to the chat is adding an entry to `SLASH_COMMANDS`. */
export interface SlashCommand {
  name: string;
  args?: string;
  summary: string;
  /** Leaves the current session, so it would drop a streaming answer: refused while one streams. */
  switchesSession?: boolean;
  run(args: string[], ctx: SlashContext): Promise<void> | void;
}

const shortId = (id: string) => id.slice(0, 8);

/** Resumes `sessionId`; an expired or closed one is shown read-only instead. */
async function resume(sessionId: string, ctx: SlashContext): Promise<void> {
  try {
    ctx.dispatch({ type: 'switch', view: await ctx.backend.open(sessionId), heading: 'Resumed session' });
  } catch (error) {
    if (!ParleyError.is(error, 'SESSION_EXPIRED', 'SESSION_CLOSED')) throw error;
    ctx.dispatch({ type: 'show', view: await ctx.backend.read(sessionId), heading: 'Read-only session' });
    ctx.dispatch({
      type: 'notice',
      text: `${error.message} You are still in session ${shortId(ctx.session.id)}.`,
      tone: 'warn',
    });
  }
}

/** A full id, or the unique session (active or expired) whose id starts with `prefix`. */
async function resolveSessionId(prefix: string, backend: ChatBackend): Promise<string> {
  const known = [...(await backend.sessions('active')), ...(await backend.sessions('expired'))];
  const matches = known.filter((session) => session.id.startsWith(prefix));
  return matches.length === 1 && matches[0] ? matches[0].id : prefix;
}

export const SLASH_COMMANDS: SlashCommand[] = [
  {
    name: 'new',
    summary: 'start a new session',
    switchesSession: true,
    async run(_args, ctx) {
      ctx.dispatch({
        type: 'switch',
        view: { session: await ctx.backend.create(), messages: [] },
        heading: 'New session',
      });
    },
  },
  {
    name: 'resume',
    args: '[id]',
    summary: 'resume a session by id (or id prefix); without one, the most recent other active session',
    switchesSession: true,
    async run([id], ctx) {
      if (id) return resume(await resolveSessionId(id, ctx.backend), ctx);
      const other = (await ctx.backend.sessions('active')).find((session) => session.id !== ctx.session.id);
      if (!other) return ctx.dispatch({ type: 'notice', text: 'No other active session. /new starts one.' });
      return resume(other.id, ctx);
    },
  },
  {
    name: 'sessions',
    summary: 'list your active sessions',
    async run(_args, ctx) {
      const sessions = await ctx.backend.sessions('active');
      const lines = sessions.map((session) => {
        const mark = session.id === ctx.session.id ? '*' : ' ';
        const when = session.lastActivityAt.toISOString().replace('T', ' ').slice(0, 16);
        return `${mark} ${shortId(session.id)}  ${when}  ${session.lastSeq} msgs  ${session.title ?? '(untitled)'}`;
      });
      ctx.dispatch({ type: 'notice', text: lines.length > 0 ? lines.join('\n') : 'No active sessions.' });
    },
  },
  {
    name: 'export',
    args: '[md|json] [file]',
    summary: 'write this conversation to a file (default Markdown, ./parley-<id>.md)',
    async run([format = 'md', file], ctx) {
      if (format !== 'md' && format !== 'json') {
        return ctx.dispatch({ type: 'notice', text: 'Usage: /export [md|json] [file]', tone: 'warn' });
      }
      const path = resolve(ctx.cwd, file ?? `parley-${shortId(ctx.session.id)}.${format}`);
      await writeFile(path, await ctx.backend.export(ctx.session.id, format));
      ctx.dispatch({ type: 'notice', text: `Exported to ${path}` });
    },
  },
  {
    name: 'requirements',
    args: '[edit <field> <value> | dismiss <n>]',
    summary: 'show the requirements; edit a field (locks it); dismiss open question n',
    async run([verb, ...rest], ctx) {
      const sessionId = ctx.session.id;
      const show = (view: RequirementsView) => {
        ctx.dispatch({ type: 'requirements', view });
        ctx.dispatch({ type: 'notice', text: requirementsLines(view).join('\n') });
      };
      if (verb === undefined) return show(await ctx.backend.requirements(sessionId));
      if (verb === 'edit' && rest.length >= 2) {
        const field = profileField(rest[0] ?? '');
        const set = requirementValue(field, rest.slice(1).join(' '), new Date());
        const { version } = await ctx.backend.requirements(sessionId);
        return show(await ctx.backend.updateRequirements(sessionId, { version, set }));
      }
      if (verb === 'dismiss' && rest.length === 1) {
        const questions = pendingQuestions(ctx.requirements ?? (await ctx.backend.requirements(sessionId)));
        const question = questions[Number(rest[0]) - 1];
        if (!question) {
          return ctx.dispatch({ type: 'notice', text: `No open question ${rest[0]}.`, tone: 'warn' });
        }
        return show(await ctx.backend.dismissQuestion(sessionId, question.id));
      }
      ctx.dispatch({
        type: 'notice',
        text: 'Usage: /requirements, /requirements edit <field> <value>, /requirements dismiss <n>',
        tone: 'warn',
      });
    },
  },
  {
    name: 'search',
    args: '[intent] [words]',
    summary: `search the web for the role (intents: ${SEARCH_INTENTS.join(', ')})`,
    async run(args, ctx) {
      const [first, ...rest] = args;
      const intent = SEARCH_INTENTS.find((candidate) => candidate === first?.toLowerCase());
      const words = (intent ? rest : args).join(' ');
      ctx.dispatch({ type: 'notice', text: 'Searching…' });
      const search = await ctx.backend.search(ctx.session.id, {
        ...(intent ? { intent: intent as SearchIntent } : {}),
        ...(words ? { query: words } : {}),
      });
      ctx.dispatch({ type: 'search', search });
    },
  },
  {
    name: 'keep',
    args: '<n>',
    summary: 'keep result n of the last search with this session',
    async run([n], ctx) {
      const result = ctx.lastSearch?.results[Number(n) - 1];
      if (!ctx.lastSearch || !result) {
        return ctx.dispatch({
          type: 'notice',
          text: ctx.lastSearch ? `No result ${n ?? ''} in the last search.` : 'No search yet: /search first.',
          tone: 'warn',
        });
      }
      await ctx.backend.keep(ctx.session.id, ctx.lastSearch.id, result.url);
      ctx.dispatch({ type: 'notice', text: `Kept: ${result.title} (${result.url})` });
    },
  },
  {
    name: 'memory',
    args: '[forget <n> | off | on]',
    summary: 'what Parley remembers about you; forget item n; switch personalization off or on',
    async run([verb, ...rest], ctx) {
      const notice = (text: string, tone?: 'warn') =>
        ctx.dispatch({ type: 'notice', text, ...(tone ? { tone } : {}) });
      if (verb === undefined) return notice(memoryLines(await ctx.backend.memory()).join('\n'));
      if ((verb === 'off' || verb === 'on') && rest.length === 0) {
        await ctx.backend.setPersonalization(verb === 'on');
        return notice(
          verb === 'on'
            ? 'Personalization on: Parley learns from your conversations and applies what it remembers.'
            : 'Personalization off: Parley stops learning and applying what it remembers (the items are kept; /memory on switches it back).',
        );
      }
      if (verb === 'forget' && rest.length === 1 && /^\d+$/.test(rest[0] ?? '')) {
        const item = (await ctx.backend.memory()).items[Number(rest[0]) - 1];
        if (!item) return notice(`No remembered item ${rest[0]}.\n${MEMORY_USAGE}`, 'warn');
        await ctx.backend.forgetMemory(item.id);
        return notice(`Forgot: [${item.kind}] ${item.key}: ${item.value}`);
      }
      notice(MEMORY_USAGE, 'warn');
    },
  },
  {
    name: 'help',
    summary: 'show these commands',
    run(_args, ctx) {
      const lines = SLASH_COMMANDS.map(
        (command) =>
          `${`/${command.name}${command.args ? ` ${command.args}` : ''}`.padEnd(24)}  ${command.summary}`,
      );
      lines.push(
        '',
        'Up/Down: input history · Tab: show/hide the requirements panel · Ctrl+C: stop the answer, or quit at the prompt',
      );
      ctx.dispatch({ type: 'notice', text: lines.join('\n') });
    },
  },
  {
    name: 'quit',
    summary: 'leave the chat (the session stays resumable)',
    run(_args, ctx) {
      ctx.quit();
    },
  },
];

/** Runs a `/command args…` line; unknown commands and failures become notices, never crashes. */
export async function runSlashCommand(line: string, ctx: SlashContext): Promise<void> {
  const [name = '', ...args] = line.slice(1).trim().split(/\s+/);
  const command = SLASH_COMMANDS.find((candidate) => candidate.name === name.toLowerCase());
  if (!command) {
    ctx.dispatch({
      type: 'notice',
      text: `Unknown command /${name}. /help lists the commands.`,
      tone: 'warn',
    });
    return;
  }
  if (command.switchesSession && ctx.busy) {
    ctx.dispatch({
      type: 'notice',
      text: `Stop the answer first (Ctrl+C), then /${command.name}.`,
      tone: 'warn',
    });
    return;
  }
  try {
    await command.run(args, ctx);
  } catch (error) {
    ctx.dispatch({ type: 'notice', text: describeFailure(error), tone: 'error' });
  }
}
