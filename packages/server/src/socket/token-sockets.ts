import type { Parley } from '@parley/core';
import type { Namespace, Socket } from 'socket.io';
import type { Identity } from '../auth/create-identity-resolver.js';

/** The token a socket was opened with; one object shared by every socket of that token. */
export type SocketToken = NonNullable<Identity['token']>;

/** Longest delay `setTimeout` honours; longer lifetimes are waited out in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface TokenEntry {
  token: SocketToken;
  /** `token:{id}`, one string for every socket's room membership. */
  room: string;
  sockets: number;
  timer?: NodeJS.Timeout;
}

/**
 * A socket's user is checked at the handshake, so the socket must end with its token (R1.3, R1.6).
 * The cost is per token, not per socket: one timer per token disconnects its sockets here at `exp`,
 * and its room `token:{id}` lets a logout disconnect them on every process. `admits` checks each
 * incoming event before it is handled, so an event that arrives after `exp` (or under a moved test
 * clock) or after the token was logged out elsewhere (the denylist in the shared cache) never is.
 */
export class TokenSockets {
  private readonly tokens = new Map<string, TokenEntry>();
  /** The last check of each socket with one in flight; checks run one after another per socket. */
  private readonly checks = new Map<Socket, Promise<boolean>>();

  constructor(
    private readonly parley: Pick<Parley, 'auth' | 'clock'>,
    private readonly nsp: Namespace,
  ) {}

  /** Puts a connected socket in its token's room and returns the token object to keep on it. */
  add(socket: Socket, token: SocketToken): SocketToken {
    let entry = this.tokens.get(token.id);
    if (!entry) {
      entry = { token, room: tokenRoom(token.id), sockets: 0 };
      this.tokens.set(token.id, entry);
      this.arm(entry, Math.max(0, token.expiresAt.getTime() - this.parley.clock.now().getTime()));
    }
    entry.sockets += 1;
    void socket.join(entry.room);
    return entry.token;
  }

  /** Forgets a disconnected socket of `token`; the token's timer stops with its last socket. */
  remove(token: SocketToken): void {
    const entry = this.tokens.get(token.id);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    clearTimeout(entry.timer);
    this.tokens.delete(token.id);
  }

  /**
   * Whether `token` still holds for the event `socket` just received; if not, the socket is
   * disconnected. In arrival order per socket, so events reach the handlers in the order they came.
   */
  admits(socket: Socket, token: SocketToken): Promise<boolean> {
    const check = (this.checks.get(socket) ?? Promise.resolve(true))
      .catch(() => true)
      .then(async () => {
        const ended =
          this.parley.clock.now().getTime() >= token.expiresAt.getTime() ||
          (await this.parley.auth.isRevoked(token.id, token.expiresAt));
        if (ended) socket.disconnect(true);
        return !ended;
      });
    this.checks.set(socket, check);
    const settled = (): void => {
      if (this.checks.get(socket) === check) this.checks.delete(socket);
    };
    check.then(settled, settled);
    return check;
  }

  /** Disconnects the sockets of a logged-out token, on every process when the adapter spans several. */
  revoked(tokenId: string): void {
    this.nsp.in(this.tokens.get(tokenId)?.room ?? tokenRoom(tokenId)).disconnectSockets(true);
  }

  /** Stops every timer. */
  close(): void {
    for (const entry of this.tokens.values()) clearTimeout(entry.timer);
    this.tokens.clear();
  }

  private arm(entry: TokenEntry, ms: number): void {
    entry.timer = setTimeout(
      () =>
        ms > MAX_TIMER_MS
          ? this.arm(entry, ms - MAX_TIMER_MS)
          : this.nsp.local.in(entry.room).disconnectSockets(true),
      Math.min(ms, MAX_TIMER_MS),
    );
    entry.timer.unref();
  }
}

/** The room of every socket opened with one token, so logging the token out can close them all. */
function tokenRoom(tokenId: string): string {
  return `token:${tokenId}`;
}
