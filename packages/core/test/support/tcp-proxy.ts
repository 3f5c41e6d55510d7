import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy a test can hang, cut and restore, standing in for a network fault in front of a
 * shared server (the shared PostgreSQL is never stopped).
 */
export interface TcpProxy {
  port: number;
  /** From now on bytes in both directions are swallowed: connections stay open and nothing answers. */
  hang(): void;
  /** Drops every open connection, and every new one as soon as it arrives, until `forward`. */
  cut(): void;
  /** Forwards again; connections that were hung are dropped (they lost bytes), so clients reconnect. */
  forward(): void;
  close(): Promise<void>;
}

type Mode = 'forward' | 'hang' | 'cut';

/** Starts a proxy on a free local port that forwards to `host:port`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = 'forward';
  const sockets = new Set<Socket>();
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  const server = createServer((client) => {
    if (mode === 'cut') return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => mode === 'forward' && upstream.write(chunk));
    upstream.on('data', (chunk) => mode === 'forward' && client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hang: () => {
      mode = 'hang';
    },
    cut: () => {
      mode = 'cut';
      dropAll();
    },
    forward: () => {
      if (mode === 'hang') dropAll();
      mode = 'forward';
    },
    async close() {
      dropAll();
      if (!server.listening) return;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
