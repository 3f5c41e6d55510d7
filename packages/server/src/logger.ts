import type { Parley } from '@parley/core';

/** The core's pino logger type, named without a direct dependency on pino. */
export type Logger = Parley['logger'];
