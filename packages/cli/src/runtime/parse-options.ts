import { InvalidArgumentError } from 'commander';
import { parseDuration } from '@parley/core/config';

/** Commander parser for counts; a bad value is a usage error (exit 2). */
export function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return number;
}

/** Commander parser for offsets (0 allowed). */
export function nonNegativeInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError('expected a whole number of at least 0.');
  return number;
}

/** Commander parser for `--older-than`: `90s`, `15m`, `12h`, `7d` → milliseconds. */
export function duration(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    throw new InvalidArgumentError('expected a duration such as 15m, 12h or 7d.');
  }
}
