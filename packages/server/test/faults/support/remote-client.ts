import request from 'supertest';
import { io as connect } from 'socket.io-client';
import type { ClientSocket } from '../../support/test-server.js';

/** Registers and logs in a user on the server at `url`; returns the bearer token. */
export async function login(url: string, email = `user-${crypto.randomUUID()}@example.com`): Promise<string> {
  const password = 'correct horse battery';
  await request(url).post('/api/v1/auth/register').send({ email, password }).expect(201);
  const res = await request(url).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return res.body.data.token as string;
}

/** Opens a chat session; returns its id. */
export async function createSession(url: string, token: string): Promise<string> {
  const res = await request(url).post('/api/v1/sessions').auth(token, { type: 'bearer' }).expect(201);
  return res.body.data.session.id as string;
}

/** A websocket-only socket with `token` (no automatic reconnection); rejects with the `connect_error`. */
export function connectSocket(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** A server event a socket received, by name. */
export interface ReceivedEvent {
  name: string;
  payload: Record<string, unknown>;
}

/** Every event `socket` receives from now on, and a way to wait for one. */
export function recordEvents(socket: ClientSocket): {
  events: ReceivedEvent[];
  waitFor(match: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent>;
} {
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((name: string, payload: Record<string, unknown>) => {
    events.push({ name, payload });
    for (const wake of waiters) wake();
  });
  return {
    events,
    waitFor: (match) =>
      new Promise((resolve) => {
        const check = (): void => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** The event ending turn `turnId` (`assistant_end` or `assistant_error`). */
export const turnEnd =
  (turnId: string) =>
  ({ name, payload }: ReceivedEvent): boolean =>
    (name === 'assistant_end' || name === 'assistant_error') && payload.turnId === turnId;
