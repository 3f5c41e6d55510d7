import type { Command } from 'commander';
import { createParley, type Parley } from '@parley/core';
import { type ConfigSource } from '@parley/core/config';
import type { CliContext } from './cli-context.js';
import { configOverrides } from './global-options.js';

/** How a command wants its core: log level default, extra environment keys, whether to migrate on open. */
export interface OpenOptions {
  defaultLogLevel?: string;
  overrides?: ConfigSource;
  migrate?: boolean;
}

/**
 * Builds the core for a command from the environment with the global flags (and `overrides`) over
 * it: the flags stand for environment keys (`--database-url` for `DATABASE_URL`). The caller closes it.
 */
export function openParley(ctx: CliContext, command: Command, options: OpenOptions = {}): Promise<Parley> {
  return createParley({
    env: {
      ...ctx.io.env,
      ...configOverrides(ctx.io, command, options.defaultLogLevel),
      ...options.overrides,
    },
    migrate: options.migrate ?? true,
  });
}

/** Runs `work` against a fresh core and always closes it, also when `work` throws. */
export async function withParley<T>(
  ctx: CliContext,
  command: Command,
  work: (parley: Parley) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const parley = await openParley(ctx, command, options);
  try {
    return await work(parley);
  } finally {
    await parley.close();
  }
}
