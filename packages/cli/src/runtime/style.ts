import type { CliIo, CliOutput } from './cli-io.js';

/** ANSI styling that switches itself off when the stream is not a terminal or NO_COLOR is set. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/**
 * Colour rule for every surface of the CLI (R11.3): off with NO_COLOR or FORCE_COLOR=0 (or
 * `false`), on with any other FORCE_COLOR, otherwise only on a TTY that is not TERM=dumb.
 */
export function colourEnabled(stream: CliOutput, env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force !== undefined && force !== '') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** A `Style` for one stream. */
export function createStyle(stream: CliOutput, env: CliIo['env']): Style {
  const enabled = colourEnabled(stream, env);
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}
