import { z } from 'zod';

/**
 * `CORS_ORIGINS`: full browser origins (`https://app.example.com`), comma-separated. `*` is refused:
 * Parley's browser clients authenticate with a cookie, and a wildcard would switch off the CSRF and
 * socket-origin checks.
 */
export const corsOriginsSchema = z.string().transform((value, ctx): string[] => {
  const origins = value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') {
      ctx.addIssue({
        code: 'custom',
        message: '"*" is not allowed with cookie authentication; list the origins',
      });
    } else if (!isOrigin(origin)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected origins such as https://app.example.com, got "${origin}"`,
      });
    }
  }
  return origins;
});

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
