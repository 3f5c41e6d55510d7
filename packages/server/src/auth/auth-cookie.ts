import { serialize } from 'cookie';
import { AUTH_COOKIE } from './read-token.js';

/** `Set-Cookie` for a fresh login: HTTP-only, SameSite=Lax, Secure in production, living as long as the token. */
export function authCookie(token: string, expiresAt: Date, now: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return serialize(AUTH_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge });
}

/** `Set-Cookie` that removes the login cookie (logout, R1.6). */
export function clearedAuthCookie(secure: boolean): string {
  return serialize(AUTH_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 0,
    expires: new Date(0),
  });
}
