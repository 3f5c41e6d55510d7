import { ParleyError } from '@parley/core';

/** Caps on sockets open at once in this process: per user and per client IP. */
export interface SocketQuotaLimits {
  perUser: number;
  perIp: number;
}

/**
 * Counts open sockets per user and per IP so one token or one host cannot hold thousands of them
 * (R10.5). A handshake reserves a slot or is refused with `TOO_MANY_SOCKETS`; the slot is released
 * once, when the socket disconnects or its connection closes before it connected.
 */
export class SocketQuota {
  private readonly byUser = new Map<string, number>();
  private readonly byIp = new Map<string, number>();

  constructor(private readonly limits: SocketQuotaLimits) {}

  /** Takes a slot for the user and the IP, or throws; `release` gives it back. */
  reserve(userId: string, ip: string): void {
    if ((this.byUser.get(userId) ?? 0) >= this.limits.perUser) throw tooMany('perUser', this.limits.perUser);
    if ((this.byIp.get(ip) ?? 0) >= this.limits.perIp) throw tooMany('perIp', this.limits.perIp);
    bump(this.byUser, userId, 1);
    bump(this.byIp, ip, 1);
  }

  /** Gives back a slot `reserve` took; the caller releases each reservation once. */
  release(userId: string, ip: string): void {
    bump(this.byUser, userId, -1);
    bump(this.byIp, ip, -1);
  }
}

function tooMany(limit: 'perUser' | 'perIp', max: number): ParleyError {
  const who = limit === 'perUser' ? 'this user' : 'this address';
  return new ParleyError('TOO_MANY_SOCKETS', `Too many open sockets for ${who}; close one first.`, {
    limit,
    max,
  });
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
