import pino, { type DestinationStream, type Logger } from 'pino';

/** Log paths that may carry secrets (R5.6, R10.3); pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'token',
  'apiKey',
  'jwtSecret',
  'authorization',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.apiKey',
  '*.jwtSecret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/** The JSON logger Parley uses when the caller does not pass one; writes to stderr by default. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, base: { service: 'parley' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination ?? pino.destination(2),
  );
}
