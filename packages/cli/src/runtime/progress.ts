import type { CliContext } from './cli-context.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line progress indicator on stderr: animated on a terminal, silent otherwise (stdout stays clean). */
export interface Progress {
  update(text: string): void;
  stop(finalText?: string): void;
}

/** Starts a spinner with `text`; when stderr is not a TTY nothing is drawn at all. */
export function startProgress(ctx: CliContext, text: string): Progress {
  const stderr = ctx.io.stderr;
  if (stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  let label = text;
  let frame = 0;
  const draw = () => {
    frame = (frame + 1) % FRAMES.length;
    stderr.write(`\r\u001b[2K${ctx.err.cyan(FRAMES[frame] ?? '')} ${label}`);
  };
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    update(next) {
      label = next;
      draw();
    },
    stop(finalText) {
      clearInterval(timer);
      stderr.write(`\r\u001b[2K${finalText ? `${finalText}\n` : ''}`);
    },
  };
}
