import { createInterface } from 'node:readline';
import { ParleyError } from '@parley/core';
import type { CliIo } from './cli-io.js';

/** Everything piped into stdin, without the trailing newline (`echo secret | parley users add …`). */
export async function readPipedLine(io: CliIo): Promise<string> {
  const parts: string[] = [];
  for await (const part of io.stdin) parts.push(String(part));
  return parts.join('').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. Only called when stdin is a TTY. */
export function promptHidden(io: CliIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      if (!asked) io.stderr.write(text);
    };
    rl.question(question, (answer) => {
      rl.close();
      io.stderr.write('\n');
      resolve(answer);
    });
    asked = true;
  });
}

/** Asks on the terminal with echo. Only called when stdin is a TTY. */
export function prompt(io: CliIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}

/**
 * A password from the flag, from piped stdin, or typed at a hidden prompt; never a prompt when
 * stdin is not a terminal (scripts fail with a usage error instead of hanging).
 */
export async function readPassword(io: CliIo, flag: string | undefined): Promise<string> {
  if (flag !== undefined) return flag;
  if (io.stdin.isTTY === true) return promptHidden(io, 'Password: ');
  const piped = await readPipedLine(io);
  if (piped === '') {
    throw new ParleyError('VALIDATION_FAILED', 'password: pass --password or pipe it on stdin.', {
      field: 'password',
    });
  }
  return piped;
}
