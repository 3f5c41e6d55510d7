/* eslint-disable no-control-regex -- terminal output is matched by its escape sequences */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

// Cursor moves, colours and mode switches, so the screen text can be searched.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/** A command running in a pseudo-terminal (util-linux `script`), typed into and read like a person would. */
export interface PtySession {
  /** Everything shown so far, without escape sequences. */
  screen(): string;
  /** Everything shown so far, escape sequences included (to see colour). */
  raw(): string;
  write(text: string): void;
  /** Resolves once the screen (after `from` characters) contains `text`; rejects after `timeoutMs`. */
  waitFor(text: string | RegExp, options?: { from?: number; timeoutMs?: number }): Promise<void>;
  exited: Promise<number | null>;
  /** Ends the process tree if it is still running (a failed test must not leave it behind). */
  kill(): void;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Starts `argv` in a 100×40 pseudo-terminal with `env`. */
export function startPty(argv: string[], env: Record<string, string>): PtySession {
  const command = `stty cols 100 rows 40; exec ${argv.map(quote).join(' ')}`;
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color', ...env },
  });
  // Stripped as it arrives (a spinner redraws many times a second, so re-stripping everything would
  // starve the event loop); an escape sequence cut in two by a chunk boundary waits for its end.
  let output = '';
  let raw = '';
  let carry = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    const text = carry + chunk.toString();
    const cut = text.lastIndexOf('\u001b');
    const complete =
      cut >= 0 && !/^\u001b(\[[0-9;?]*[A-Za-z]|\][^\u0007]*\u0007)/.test(text.slice(cut)) ? cut : text.length;
    carry = text.slice(complete);
    output += text.slice(0, complete).replace(ANSI, '');
    for (const waiter of waiters) waiter();
  });
  const screen = () => output;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    screen,
    raw: () => raw,
    write: (text) => child.stdin.write(text),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGHUP');
    },
    exited,
    waitFor(text, { from = 0, timeoutMs = 30_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const shown = screen().slice(from);
          if (typeof text === 'string' ? !shown.includes(text) : !text.test(shown)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${String(text)} did not appear; the screen shows:\n${screen().slice(-2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
