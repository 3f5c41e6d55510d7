import { CHAT_EVENT_TYPES } from '@parley/core';
import type { AckResponse, ClientToServerEvents, ServerToClientEvents } from '../../src/index.js';
import type { ClientSocket } from './test-server.js';

type EventName = keyof ClientToServerEvents;
type AckData<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends
  ((response: infer R) => void) | undefined
  ? R
  : never;

/** Emits an event and resolves with its ack. */
export function call<E extends EventName>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<AckData<E> extends AckResponse<unknown> ? AckData<E> : never> {
  return new Promise((resolve) => {
    (socket.emit as (...args: unknown[]) => void)(event, payload, resolve);
  });
}

/** Resolves with the next `event` the socket receives. */
export function next<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    (socket.once as (name: string, listener: (payload: never) => void) => void)(event, resolve);
  });
}

/** Everything one turn sends to the socket, until its end or error. */
export function collectTurn(socket: ClientSocket): Promise<{ events: string[]; text: string; end: unknown }> {
  return new Promise((resolve) => {
    const events: string[] = [];
    let text = '';
    const names = CHAT_EVENT_TYPES;
    const listener = (name: string, payload: { text?: string }) => {
      if (!(names as readonly string[]).includes(name)) return;
      events.push(name);
      if (name === 'assistant_chunk') text += payload.text;
      if (name === 'assistant_end' || name === 'assistant_error') {
        socket.offAny(listener);
        resolve({ events, text, end: payload });
      }
    };
    socket.onAny(listener);
  });
}

/** Polls `check` until it returns a value (real I/O happens in between). */
export async function eventually<T>(check: () => Promise<T | undefined>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met');
}
