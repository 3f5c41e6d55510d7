import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS } from '../../src/config/env-keys.js';
import { ERROR_CODES } from '../../src/errors/error-codes.js';

const doc = (name: string) => readFileSync(new URL(`../../../../docs/${name}`, import.meta.url), 'utf8');
const tableKeys = (markdown: string) =>
  [...markdown.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((match) => match[1]).sort();

describe('reference docs stay in step with the code', () => {
  it('docs/configuration.md lists exactly the environment keys Parley reads', () => {
    expect(tableKeys(doc('configuration.md'))).toEqual(Object.keys(ENV_KEYS).sort());
  });

  it('docs/errors.md lists exactly the error codes (their HTTP statuses are checked by @parley/server)', () => {
    expect(tableKeys(doc('errors.md'))).toEqual([...ERROR_CODES].sort());
  });
});
