import { z } from 'zod';

/**
 * `cors.origins` (`CORS_ORIGINS`, comma-separated): full browser origins (`https://app.example.com`),
 * normalised to lower case without a trailing slash. `*` is refused:
 * Parley's browser clients authenticate with a cookie, and a wildcard would switch off the CSRF and
 * socket-origin checks.
 */
export const corsOriginsSchema = z.array(z.string()).transform((values, ctx): string[] => {
  const origins = values.map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase()).filter(Boolean);
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
