import { Option, type Command } from 'commander';
import type { ConfigSource } from '@parley/core/config';
import type { CliIo } from './cli-io.js';

/** Flags every command accepts; each one maps to the environment key it overrides. */
export interface GlobalOptions {
  databaseUrl?: string;
  redisUrl?: string;
  logLevel?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Declares the global flags on the root program (recognised before or after the command name). */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--database-url <url>', 'database (overrides DATABASE_URL): sqlite:PATH or postgres://…')
    .option('--redis-url <url>', 'Redis for the cache (overrides REDIS_URL)')
    .addOption(
      new Option('--log-level <level>', 'core log level on stderr (overrides LOG_LEVEL)').choices(LOG_LEVELS),
    );
}

/**
 * The global flags given to `command` (or before it) as config overrides for the core. The CLI's own
 * default log level is quieter than a server's (`warn`): its stdout is for results, its stderr for
 * the person at the terminal.
 */
export function configOverrides(io: CliIo, command: Command, defaultLogLevel = 'warn'): ConfigSource {
  const options = command.optsWithGlobals<GlobalOptions>();
  const overrides: ConfigSource = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    LOG_LEVEL: options.logLevel ?? io.env.LOG_LEVEL ?? defaultLogLevel,
  };
  // An undefined override would erase the environment's value (overrides are spread over env).
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
