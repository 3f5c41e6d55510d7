import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built `parley` binary; the root `pnpm test` builds it first. */
const PARLEY_BIN = fileURLToPath(new URL('../../../../cli/dist/bin.js', import.meta.url));

/** `parley serve` running as its own OS process, as an operator deploys it. */
export interface ServeProcess {
  url: string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** What the process wrote to stderr so far (its JSON log lines and warnings). */
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
}

// A failed test must not leave servers behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `parley serve --port 0 --json` with a clean environment plus `env`; resolves once it listens. */
export async function startServeProcess(env: Record<string, string>): Promise<ServeProcess> {
  if (!existsSync(PARLEY_BIN)) throw new Error(`${PARLEY_BIN} is missing: build the CLI first`);
  const child = spawn(process.execPath, [PARLEY_BIN, 'serve', '--port', '0', '--json'], {
    env: { PATH: process.env.PATH ?? '', OLLAMA_HOST: '127.0.0.1:9', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('}')) resolve((JSON.parse(stdout) as { url: string }).url);
    });
    void exited.then((code) =>
      reject(new Error(`parley serve exited with ${code}:\n${stderr.slice(-2_000)}`)),
    );
  });
  return { url, exited, stderr: () => stderr, kill: (signal) => child.kill(signal) };
}
