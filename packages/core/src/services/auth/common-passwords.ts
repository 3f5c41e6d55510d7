import { createRequire } from 'node:module';

let list: ReadonlySet<string> | undefined;

/**
 * Whether a password is on the shipped list of ~41,000 popular passwords of 8+ characters
 * (`popular-passwords`, from zxcvbn's data), compared case-insensitively. Loaded on first use.
 */
export function isCommonPassword(password: string): boolean {
  list ??= new Set(createRequire(import.meta.url)('popular-passwords') as string[]);
  return list.has(password.toLowerCase());
}
