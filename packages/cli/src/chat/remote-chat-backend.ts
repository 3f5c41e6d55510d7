import { io, type Socket } from 'socket.io-client';
import { ParleyError, type ErrorCode } from '@parley/core';
import type { ChatBackend, ChatBackendEvent, ChatMessage, ChatSession, SessionView } from './chat-backend.js';
import { HISTORY_SHOWN } from './local-chat-backend.js';

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
type WireSession = Omit<ChatSession, 'lastActivityAt'> & { lastActivityAt: string };

const EVENTS = [
  'message_received',
  'assistant_start',
  'assistant_chunk',
  'assistant_end',
  'assistant_error',
] as const;
const CONNECT_TIMEOUT_MS = 10_000;

const toSession = (wire: WireSession): ChatSession => ({
  ...wire,
  lastActivityAt: new Date(wire.lastActivityAt),
});
const bySeq = (messages: ChatMessage[]) => [...messages].sort((a, b) => a.seq - b.seq).slice(-HISTORY_SHOWN);

function unwrap<T>(envelope: Envelope<T> | undefined, where: string): T {
  if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
    throw new ParleyError('INTERNAL', `Unexpected answer from the server (${where}).`);
  }
  if (!envelope.ok) throw new ParleyError(envelope.error.code, envelope.error.message);
  return envelope.data;
}

/** `POST /auth/login` on a Parley server; the token for the socket handshake and REST calls. */
export async function loginToServer(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => undefined)) as Envelope<{ token: string }> | undefined;
  return unwrap(body, 'login').token;
}

/**
 * The chat backend over a running Parley server: REST for sessions, history and export, Socket.IO
 * for joining and streaming. Ctrl+C stops showing the answer; the protocol has no cancel event yet,
 * so the server finishes and stores it.
 */
export async function connectRemoteChatBackend(url: string, token: string): Promise<ChatBackend> {
  const base = url.replace(/\/+$/, '');
  const socket: Socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ParleyError('INTERNAL', `No answer from ${base}.`)),
      CONNECT_TIMEOUT_MS,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error: Error & { data?: { code?: ErrorCode } }) => {
      clearTimeout(timer);
      socket.close();
      reject(
        new ParleyError(
          error.data?.code ?? 'UNAUTHENTICATED',
          `Could not connect to ${base}: ${error.message}`,
        ),
      );
    });
  });

  const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return unwrap(
      (await response.json().catch(() => undefined)) as Envelope<T> | undefined,
      `${method} ${path}`,
    );
  };
  const emit = <T>(event: string, payload: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      socket.timeout(CONNECT_TIMEOUT_MS).emit(event, payload, (error: Error | null, answer: Envelope<T>) => {
        if (error) reject(new ParleyError('INTERNAL', `${event}: no answer from the server.`));
        else {
          try {
            resolve(unwrap(answer, event));
          } catch (failure) {
            reject(failure);
          }
        }
      });
    });
  const listeners = new Set<{ sessionId: string; listener: (event: ChatBackendEvent) => void }>();
  for (const type of EVENTS) {
    socket.on(type, (payload: { sessionId: string; turnId: string }) => {
      const event = { ...payload, type } as unknown as ChatBackendEvent;
      for (const entry of listeners) if (entry.sessionId === payload.sessionId) entry.listener(event);
    });
  }

  return {
    where: base,
    model: null,
    async sessions(status) {
      const data = await api<{ sessions: WireSession[] }>('GET', `/sessions?status=${status}&limit=20`);
      return data.sessions.map(toSession);
    },
    async open(sessionId) {
      const joined = await emit<{ session: WireSession; messages: ChatMessage[] }>('join_session', {
        sessionId,
      });
      return { session: toSession(joined.session), messages: bySeq(joined.messages) };
    },
    async read(sessionId): Promise<SessionView> {
      const { session } = await api<{ session: WireSession }>(
        'GET',
        `/sessions/${encodeURIComponent(sessionId)}`,
      );
      const page = await api<{ messages: ChatMessage[] }>(
        'GET',
        `/sessions/${encodeURIComponent(sessionId)}/messages?limit=${HISTORY_SHOWN}&order=desc`,
      );
      return { session: toSession(session), messages: bySeq(page.messages) };
    },
    async create() {
      const { session } = await api<{ session: WireSession }>('POST', '/sessions', {});
      await emit('join_session', { sessionId: session.id });
      return toSession(session);
    },
    async send(sessionId, content, signal) {
      const { turnId } = await emit<{ turnId: string }>('send_message', { sessionId, content });
      // The server stops the answer, stores what arrived as incomplete and reports CANCELLED to the room.
      const stop = () => void emit('cancel_turn', { sessionId, turnId }).catch(() => undefined);
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      return { turnId };
    },
    subscribe(sessionId, listener) {
      const entry = { sessionId, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    async export(sessionId, format) {
      const response = await fetch(
        `${base}/api/v1/sessions/${encodeURIComponent(sessionId)}/export?format=${format}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      if (!response.ok)
        unwrap((await response.json().catch(() => undefined)) as Envelope<never> | undefined, 'export');
      return response.text();
    },
    async close() {
      socket.close();
    },
  };
}
