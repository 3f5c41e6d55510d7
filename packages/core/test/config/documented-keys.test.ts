import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/config-schema.js';
import { ERROR_CODES } from '../../src/errors/error-codes.js';
import { HTTP_STATUS } from '../../src/errors/http-status.js';
import { CLIENT_ERROR_CODES } from '@parley/protocol';

const doc = (name: string) => readFileSync(new URL(`../../../../docs/${name}`, import.meta.url), 'utf8');
const tableKeys = (markdown: string) =>
  [...markdown.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((match) => match[1]).sort();

describe('reference docs stay in step with the code', () => {
  it('docs/configuration.md lists exactly the keys of the config schema', () => {
    expect(tableKeys(doc('configuration.md'))).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('docs/errors.md lists exactly the error codes, each with its HTTP status', () => {
    const markdown = doc('errors.md');
    expect(tableKeys(markdown)).toEqual([...ERROR_CODES, ...CLIENT_ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(markdown).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${HTTP_STATUS[code]}\\s*\\|`, 'm'));
    }
    for (const code of CLIENT_ERROR_CODES) {
      expect(markdown).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*—\\s*\\|`, 'm'));
    }
  });
});
