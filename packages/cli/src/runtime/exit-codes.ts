import { ParleyError } from '@parley/core';

/** The documented exit codes (docs/cli.md): scripts branch on these, so they never change meaning. */
export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad input is the caller's to fix (2), a missing thing is 3, everything else a failure (1). */
export function exitCodeFor(error: unknown): ExitCode {
  if (ParleyError.is(error, 'SESSION_NOT_FOUND', 'USER_NOT_FOUND', 'NOT_FOUND')) return EXIT.notFound;
  if (ParleyError.is(error, 'VALIDATION_FAILED', 'CONFIG_INVALID', 'MESSAGE_TOO_LONG')) return EXIT.usage;
  return EXIT.failed;
}
