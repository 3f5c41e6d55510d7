import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built binary; the root `pnpm test` builds it first (`cd packages/cli && npx tsup` by hand). */
export const PARLEY_BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `parley …args` as a real process with a clean environment plus `env`; `input` is piped to stdin. */
export function runParley(args: string[], env: Record<string, string>, input = ''): Promise<RunResult> {
  if (!existsSync(PARLEY_BIN)) throw new Error(`${PARLEY_BIN} is missing: build the CLI first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PARLEY_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OLLAMA_HOST: '127.0.0.1:9', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
