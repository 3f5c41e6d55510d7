import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/config-schema.js';
import { ERROR_CODES } from '../../src/errors/error-codes.js';

const doc = (name: string) => readFileSync(new URL(`../../../../docs/${name}`, import.meta.url), 'utf8');
const tableKeys = (markdown: string) =>
  [...markdown.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((match) => match[1]).sort();

describe('reference docs stay in step with the code', () => {
  it('docs/configuration.md lists exactly the keys of the config schema', () => {
    expect(tableKeys(doc('configuration.md'))).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('docs/errors.md lists exactly the error codes (their HTTP statuses are checked by @parley/server)', () => {
    expect(tableKeys(doc('errors.md'))).toEqual([...ERROR_CODES].sort());
  });
});
