import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../src/errors/http-status.js';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('HTTP status of every error code (the server owns the mapping; the core knows no HTTP)', () => {
  it('gives every ERROR_CODE a 4xx/5xx status', () => {
    for (const code of ERROR_CODES) {
      expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(HTTP_STATUS[code], code).toBeLessThan(600);
    }
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('docs/errors.md shows each code with the status the server answers', () => {
    for (const code of ERROR_CODES) {
      expect(errorsDoc).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${HTTP_STATUS[code]}\\s*\\|`, 'm'));
    }
  });
});
