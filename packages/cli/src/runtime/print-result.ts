import type { CliContext } from './cli-context.js';

/** Prints a command's result: one JSON document with `--json`, the human rendering otherwise. */
export function printResult(
  ctx: CliContext,
  json: boolean | undefined,
  data: unknown,
  human: () => string,
): void {
  const text = json ? JSON.stringify(data, null, 2) : human();
  if (text !== '') ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
