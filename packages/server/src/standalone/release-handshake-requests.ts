import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

/** What engine.io hands its middlewares as the response of a WebSocket upgrade: it keeps the request. */
interface UpgradeResponse {
  req: IncomingMessage | null;
}

/**
 * Lets go of each connection's HTTP request once nothing needs it (Socket.IO's memory advice, about
 * 0.8 KB per idle socket). engine.io keeps the handshake's request on the connection
 * (`conn.request`), and the object standing in for a WebSocket upgrade's response keeps it as well
 * until the connection closes, so dropping only the first saves nothing. The upgrade's response lets
 * go once its headers are written; the connection once a socket has connected to the main namespace,
 * whose `socket.handshake` (headers, address, query, auth) was built from it. From then on
 * `socket.request` is null, and a socket of another namespace connecting later over the same
 * connection gets an empty `handshake.headers`.
 */
export function releaseHandshakeRequests(io: Pick<Server, 'engine' | 'on'>): void {
  const upgrades = new WeakMap<IncomingMessage, UpgradeResponse>();
  io.engine.use((req: IncomingMessage, res: unknown, next: () => void) => {
    if (!(res instanceof ServerResponse)) upgrades.set(req, res as UpgradeResponse);
    next();
  });
  io.engine.on('headers', (_headers: unknown, req: IncomingMessage) => {
    const response = upgrades.get(req);
    if (!response) return;
    upgrades.delete(req);
    response.req = null;
  });
  io.on('connection', (socket) => {
    (socket.conn as { request: IncomingMessage | null }).request = null;
  });
}
