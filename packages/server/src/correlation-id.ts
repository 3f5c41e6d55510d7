import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The correlation id for a request (R10.3): the caller's `X-Request-Id` when it is a plain token
 * (anything else could forge log lines), otherwise a fresh UUID.
 */
export function correlationId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SAFE_ID.test(value) ? value : randomUUID();
}
