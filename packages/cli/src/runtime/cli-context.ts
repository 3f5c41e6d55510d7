import type { CliIo } from './cli-io.js';
import type { ExitCode } from './exit-codes.js';
import { createStyle, type Style } from './style.js';

/** What every command receives: the process edges, styling for stdout/stderr, and a way to fail softly. */
export interface CliContext {
  io: CliIo;
  out: Style;
  err: Style;
  /** Exit code for a command that finished but did not succeed (e.g. `health` when down). */
  exitCode: ExitCode;
}

export function createCliContext(io: CliIo): CliContext {
  return { io, out: createStyle(io.stdout, io.env), err: createStyle(io.stderr, io.env), exitCode: 0 };
}
