import { parse } from 'cookie';
import type { IncomingHttpHeaders } from 'node:http';

/** Name of the HTTP-only cookie that carries the JWT (R1.2). */
export const AUTH_COOKIE = 'jwt';

/** The `Authorization: Bearer` token, if the request carries one. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/**
 * The token a request or handshake presents. An explicit Bearer header (or socket `auth.token`) wins
 * over the cookie: a cross-site page can make the browser send the cookie, never set those.
 */
export function readToken(headers: IncomingHttpHeaders, auth?: Record<string, unknown>): string | undefined {
  const bearer = bearerToken(headers);
  if (bearer) return bearer;
  if (typeof auth?.token === 'string' && auth.token !== '') return auth.token;
  const cookie = headers.cookie ? parse(headers.cookie)[AUTH_COOKIE] : undefined;
  return cookie || undefined;
}
