/** A readable stream as the CLI needs it: TTY detection, the bytes, and a stream for terminal prompts. */
export interface CliInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

/** A writable stream as the CLI needs it. */
export interface CliOutput extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
}

/** The process edges every command talks through, so commands never reach for `process` themselves. */
export interface CliIo {
  stdin: CliInput;
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves on the first SIGINT or SIGTERM (how `serve` knows to shut down). */
  interrupted(): Promise<void>;
  /** Ends the process now with `code`, whatever still runs (the shutdown deadline of `serve`). */
  exit(code: number): void;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interrupted: () =>
      new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    exit: (code) => process.exit(code),
  };
}
