import { io, type Socket } from 'socket.io-client';
import {
  CHAT_EVENT_TYPES,
  ParleyError,
  type ErrorCode,
  type MemoryItem,
  type RequirementsView,
  type SearchRun,
} from '@parley/core';
import { type MemoryChange } from '@parley/core/types';
import {
  HISTORY_SHOWN,
  SESSION_LIST_LIMIT,
  type ChatBackend,
  type ChatBackendEvent,
  type ChatMessage,
  type ChatSession,
  type SessionView,
} from './chat-backend.js';

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
type WireSession = Omit<ChatSession, 'lastActivityAt'> & { lastActivityAt: string };
type WireSearch = Omit<SearchRun, 'createdAt'> & { createdAt: string };
type WireMemoryItem = Omit<MemoryItem, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

const EVENTS = CHAT_EVENT_TYPES;
const CONNECT_TIMEOUT_MS = 10_000;
/** How long `close()` waits for the server to acknowledge stopping a running answer. */
const CANCEL_ON_CLOSE_MS = 1_000;

const toSession = (wire: WireSession): ChatSession => ({
  ...wire,
  lastActivityAt: new Date(wire.lastActivityAt),
});
const toSearch = (wire: WireSearch): SearchRun => ({ ...wire, createdAt: new Date(wire.createdAt) });
const toMemoryItem = (wire: WireMemoryItem): MemoryItem => ({
  ...wire,
  createdAt: new Date(wire.createdAt),
  updatedAt: new Date(wire.updatedAt),
});
const requirementsOf = ({ profile, conflicts, questions, version }: RequirementsView): RequirementsView => ({
  profile,
  conflicts,
  questions,
  version,
});
const bySeq = (messages: ChatMessage[]) => [...messages].sort((a, b) => a.seq - b.seq).slice(-HISTORY_SHOWN);
const trimUrl = (url: string) => url.replace(/\/+$/, '');

function unwrap<T>(envelope: Envelope<T> | undefined, where: string): T {
  if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
    throw new ParleyError('INTERNAL', `Unexpected answer from the server (${where}).`);
  }
  if (!envelope.ok) throw new ParleyError(envelope.error.code, envelope.error.message);
  return envelope.data;
}

/** The one error for a server that cannot be reached, whichever call (login, REST, socket) found out. */
function serverUnavailable(base: string, cause: unknown): ParleyError {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const reason = inner instanceof Error ? inner.message : String(inner);
  return new ParleyError(
    'INTERNAL',
    `The Parley server at ${base} is unavailable (${reason}).`,
    {},
    { cause },
  );
}

/** `fetch` with network failures (`TypeError: fetch failed`) turned into `serverUnavailable`. */
async function request(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, init);
  } catch (error) {
    throw serverUnavailable(base, error);
  }
}

/** `POST /auth/login` on a Parley server; the token for the socket handshake and REST calls. */
export async function loginToServer(url: string, email: string, password: string): Promise<string> {
  const response = await request(trimUrl(url), '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => undefined)) as Envelope<{ token: string }> | undefined;
  return unwrap(body, 'login').token;
}

/** Opens the socket; a refused handshake keeps the server's code, an unreachable server is `serverUnavailable`. */
async function connectSocket(base: string, token: string): Promise<Socket> {
  const socket: Socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: true });
  await new Promise<void>((resolve, reject) => {
    const fail = (error: ParleyError) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(serverUnavailable(base, 'no answer to the connection')),
      CONNECT_TIMEOUT_MS,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error: Error & { data?: { code?: ErrorCode } }) => {
      const code = error.data?.code;
      fail(
        code
          ? new ParleyError(code, `${base} refused the connection: ${error.message}`)
          : serverUnavailable(base, error),
      );
    });
  });
  return socket;
}

/**
 * The chat backend over a running Parley server: REST for sessions, history, export and memory,
 * Socket.IO for joining, streaming and the user's `memory_updated` events. A lost connection ends the running answer with `INTERNAL` (the socket
 * reconnects by itself and joins the watched sessions again); `close()` asks the server to stop a
 * running answer first, so it is stored as incomplete like a Ctrl+C.
 */
export async function connectRemoteChatBackend(url: string, token: string): Promise<ChatBackend> {
  const base = trimUrl(url);
  const socket = await connectSocket(base, token);

  const api = async <T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const response = await request(base, `/api/v1${path}`, {
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
  const emit = <T>(event: string, payload: unknown, timeoutMs = CONNECT_TIMEOUT_MS): Promise<T> =>
    new Promise((resolve, reject) => {
      socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, answer: Envelope<T>) => {
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
  /** The answer this client is waiting for (the chat screen sends one at a time), to end it on a lost connection or on close. */
  let current: { sessionId: string; turnId: string } | null = null;
  const deliver = (sessionId: string, event: ChatBackendEvent) => {
    const over = event.type === 'assistant_end' || event.type === 'assistant_error';
    if (over && current?.turnId === event.turnId) current = null;
    for (const entry of listeners) if (entry.sessionId === sessionId) entry.listener(event);
  };
  for (const type of EVENTS) {
    socket.on(type, (payload: { sessionId: string; turnId: string }) => {
      deliver(payload.sessionId, { ...payload, type } as unknown as ChatBackendEvent);
    });
  }
  socket.on('requirements_updated', (payload: RequirementsView & { sessionId: string }) => {
    deliver(payload.sessionId, { type: 'requirements_updated', ...requirementsOf(payload) });
  });
  socket.on('search_results', (payload: { sessionId: string; search: WireSearch }) => {
    deliver(payload.sessionId, { type: 'search_results', search: toSearch(payload.search) });
  });
  const learned = new Set<(item: MemoryItem) => void>();
  socket.on('memory_updated', (payload: { change: MemoryChange; item: WireMemoryItem | null }) => {
    if (payload.change !== 'learned' || !payload.item) return;
    const item = toMemoryItem(payload.item);
    for (const listener of learned) listener(item);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    const error = { code: 'INTERNAL' as const, message: `Connection lost to ${base}; reconnecting.` };
    if (current)
      deliver(current.sessionId, { type: 'assistant_error', turnId: current.turnId, error, message: null });
    // A server that shut down says so and is not retried by Socket.IO; it may come back (a restart).
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.io.on('reconnect', () => {
    for (const sessionId of new Set([...listeners].map((entry) => entry.sessionId))) {
      emit('join_session', { sessionId }).catch(() => undefined);
    }
  });

  return {
    where: base,
    model: null,
    async sessions(status) {
      const data = await api<{ sessions: WireSession[] }>(
        'GET',
        `/sessions?status=${status}&limit=${SESSION_LIST_LIMIT}`,
      );
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
    async send(sessionId, content) {
      const { turnId } = await emit<{ turnId: string }>('send_message', { sessionId, content });
      current = { sessionId, turnId };
      return { turnId };
    },
    async cancel(sessionId, turnId) {
      // The server stops the answer, stores what arrived as incomplete and reports CANCELLED to the room.
      await emit('cancel_turn', { sessionId, turnId });
    },
    async requirements(sessionId) {
      return requirementsOf(
        await api<RequirementsView>('GET', `/sessions/${encodeURIComponent(sessionId)}/requirements`),
      );
    },
    async updateRequirements(sessionId, edit) {
      return requirementsOf(
        await api<RequirementsView>('PATCH', `/sessions/${encodeURIComponent(sessionId)}/requirements`, edit),
      );
    },
    async dismissQuestion(sessionId, questionId) {
      return requirementsOf(
        await api<RequirementsView>(
          'POST',
          `/sessions/${encodeURIComponent(sessionId)}/requirements/questions/${encodeURIComponent(questionId)}/dismiss`,
          {},
        ),
      );
    },
    async search(sessionId, input) {
      const { search } = await api<{ search: WireSearch }>(
        'POST',
        `/sessions/${encodeURIComponent(sessionId)}/search`,
        input,
      );
      return toSearch(search);
    },
    async searches(sessionId) {
      const { searches } = await api<{ searches: WireSearch[] }>(
        'GET',
        `/sessions/${encodeURIComponent(sessionId)}/searches`,
      );
      return searches.map(toSearch);
    },
    async keep(sessionId, searchId, url) {
      await api(
        'POST',
        `/sessions/${encodeURIComponent(sessionId)}/searches/${encodeURIComponent(searchId)}/keep`,
        { url },
      );
    },
    async memory() {
      const { items, personalization } = await api<{ items: WireMemoryItem[]; personalization: boolean }>(
        'GET',
        '/me/memory',
      );
      return { items: items.map(toMemoryItem), personalization };
    },
    async forgetMemory(id) {
      await api('DELETE', `/me/memory/${encodeURIComponent(id)}`);
    },
    async setPersonalization(on) {
      await api('PATCH', '/me', { personalization: on });
    },
    watchLearned(listener) {
      learned.add(listener);
      return () => learned.delete(listener);
    },
    subscribe(sessionId, listener) {
      const entry = { sessionId, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    async export(sessionId, format) {
      const response = await request(
        base,
        `/api/v1/sessions/${encodeURIComponent(sessionId)}/export?format=${format}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (!response.ok)
        unwrap((await response.json().catch(() => undefined)) as Envelope<never> | undefined, 'export');
      return response.text();
    },
    async close() {
      if (socket.connected && current) {
        await emit('cancel_turn', current, CANCEL_ON_CLOSE_MS).catch(() => undefined);
      }
      socket.close();
    },
  };
}
