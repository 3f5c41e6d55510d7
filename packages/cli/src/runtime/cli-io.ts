/** A readable stream as the CLI needs it: TTY detection plus the async-iterable bytes. */
export interface CliInput extends AsyncIterable<Buffer | string> {
  readonly isTTY?: boolean;
}

/** A writable stream as the CLI needs it. */
export interface CliOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** The process edges every command talks through, so commands never reach for `process` themselves. */
export interface CliIo {
  stdin: CliInput;
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}
