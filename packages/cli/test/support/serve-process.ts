import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PARLEY_BIN } from './run-parley.js';

/** A `parley serve` child process and what it printed (JSON lines: its address, then its logs). */
export interface ServeProcess {
  url: string;
  lines: Array<Record<string, unknown>>;
  /** Resolves once a printed line satisfies `check`. */
  until(check: (line: Record<string, unknown>) => boolean): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `parley serve --port 0 --json …args` with a clean environment plus `env`. */
export async function startServeProcess(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  if (!existsSync(PARLEY_BIN)) throw new Error(`${PARLEY_BIN} is missing: build the CLI first`);
  const child: ChildProcess = spawn(
    process.execPath,
    [PARLEY_BIN, 'serve', '--port', '0', '--json', ...args],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OLLAMA_HOST: '127.0.0.1:9', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ check: (line: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  // Logs (stderr) are one JSON object a line; `--json` prints the address (stdout) as an indented block.
  const read = (stream: NodeJS.ReadableStream): void => {
    let block = '';
    createInterface({ input: stream }).on('line', (text) => {
      if (block === '' && text !== '{' && !text.startsWith('{"')) return;
      block += text;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(block) as Record<string, unknown>;
      } catch {
        if (text.startsWith('{"')) block = '';
        return;
      }
      block = '';
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.check(line)) waiter.resolve();
        else waiters.push(waiter);
      }
    });
  };
  read(child.stdout!);
  read(child.stderr!);
  const until = (check: (line: Record<string, unknown>) => boolean): Promise<void> =>
    lines.some(check) ? Promise.resolve() : new Promise((resolve) => waiters.push({ check, resolve }));
  const started = until((line) => typeof line.url === 'string' && typeof line.port === 'number');
  await Promise.race([
    started,
    exited.then(() => {
      throw new Error(`parley serve exited before listening:\n${JSON.stringify(lines.slice(-5))}`);
    }),
  ]);
  const address = lines.find((line) => typeof line.url === 'string' && typeof line.port === 'number');
  return {
    url: String(address?.url),
    lines,
    until,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
