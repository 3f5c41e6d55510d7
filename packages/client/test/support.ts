import { createServer } from 'node:net';
import {
  createParleyClient,
  type ClientTurn,
  type ClientTurnEvent,
  type ParleyClient,
} from '../src/index.js';
import type { TestServer } from '../../server/test/support/test-server.js';

/** A client of the test server that opens its socket over WebSocket only and never retries in the background forever. */
export function clientOf(server: TestServer, token?: string): ParleyClient {
  return createParleyClient({
    baseUrl: server.url,
    ...(token ? { token } : {}),
    socket: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 },
  });
}

/** A registered and logged-in client. */
export async function loggedIn(server: TestServer, name = 'user'): Promise<ParleyClient> {
  const client = clientOf(server);
  const email = `${name}-${crypto.randomUUID()}@example.com`;
  await client.auth.register({ email, password: 'correct horse battery' });
  await client.auth.login({ email, password: 'correct horse battery' });
  return client;
}

/** Every event of a turn, in order, until it ends. */
export async function eventsOf(turn: ClientTurn): Promise<ClientTurnEvent[]> {
  const events: ClientTurnEvent[] = [];
  for await (const event of turn.events) events.push(event);
  return events;
}

/** Resolves with the next payload of `event` the client receives. */
export function nextEvent<P>(subscribe: (listener: (payload: P) => void) => () => void): Promise<P> {
  return new Promise((resolve) => {
    const stop = subscribe((payload) => {
      stop();
      resolve(payload);
    });
  });
}

/** A port nothing listens on: bound once by the OS, then released. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
