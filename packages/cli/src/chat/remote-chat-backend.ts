import {
  ParleyError,
  type ErrorCode,
  type MemoryItem,
  type RequirementsView,
  type SearchRun,
} from '@parley/core';
import {
  createParleyClient,
  ParleyClientError,
  type ClientTurn,
  type ParleyClient,
  type ServerPayload,
  type WireMemoryItem,
  type WireRequirementsView,
  type WireSearchRun,
  type WireSession,
} from '@parley/client';
import { TURN_EVENTS } from '@parley/protocol';
import {
  HISTORY_SHOWN,
  SESSION_LIST_LIMIT,
  type ChatBackend,
  type ChatBackendEvent,
  type ChatMessage,
  type ChatSession,
  type SessionView,
} from './chat-backend.js';

/** How long `close()` waits for the server to acknowledge stopping a running answer. */
const CANCEL_ON_CLOSE_MS = 1_000;

const toSession = (wire: WireSession): ChatSession => ({
  ...wire,
  lastActivityAt: new Date(wire.lastActivityAt),
});
const toSearch = (wire: WireSearchRun): SearchRun => ({ ...wire, createdAt: new Date(wire.createdAt) });
const toMemoryItem = (wire: WireMemoryItem): MemoryItem => ({
  ...wire,
  createdAt: new Date(wire.createdAt),
  updatedAt: new Date(wire.updatedAt),
});
/** The protocol keeps the profile open; the server sends the core's shape (docs/requirements.md). */
const toRequirements = ({ profile, conflicts, questions, version }: WireRequirementsView): RequirementsView =>
  ({ profile, conflicts, questions, version }) as unknown as RequirementsView;
const bySeq = (messages: ChatMessage[]) => [...messages].sort((a, b) => a.seq - b.seq).slice(-HISTORY_SHOWN);

/**
 * The client's failures as the chat screen knows them: a server's code becomes the core's
 * ParleyError (so `ParleyError.is(…, 'SESSION_EXPIRED')` holds either way); `SERVER_UNAVAILABLE`
 * stays the client's own error.
 */
async function asParley<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!ParleyClientError.is(error) || error.code === 'SERVER_UNAVAILABLE') throw error;
    throw new ParleyError(error.code as ErrorCode, error.message, error.details, { cause: error });
  }
}

/** `POST /auth/login` on a Parley server; the token for the socket handshake and REST calls. */
export async function loginToServer(url: string, email: string, password: string): Promise<string> {
  const client = createParleyClient({ baseUrl: url });
  return (await asParley(client.auth.login({ email, password }))).token;
}

/**
 * The chat backend over a running Parley server, on `@parley/client`: REST for sessions, history,
 * export, requirements, search and memory; the socket for joining, streaming and the user's
 * `memory_updated`. A lost connection ends the running answer with `SERVER_UNAVAILABLE` unless the
 * server resumes it (the socket reconnects by itself and joins the watched sessions again);
 * `close()` asks the server to stop a running answer first, so it is stored as incomplete like a Ctrl+C.
 */
export async function connectRemoteChatBackend(url: string, token: string): Promise<ChatBackend> {
  const client: ParleyClient = createParleyClient({
    baseUrl: url,
    token,
    socket: { transports: ['websocket'], ackTimeoutMs: 10_000 },
  });
  // Checks the server and the token up front, as the screen would otherwise fail on first use.
  await asParley(client.auth.me());

  const listeners = new Set<{ sessionId: string; listener: (event: ChatBackendEvent) => void }>();
  /** The answer this client is waiting for (the chat screen sends one at a time), to stop it on close. */
  let current: ClientTurn | null = null;
  /** Turns the client ended itself (lost connection): what the server still sends for them is not shown. */
  const abandoned = new Set<string>();
  const deliver = (sessionId: string, event: ChatBackendEvent) => {
    for (const entry of listeners) if (entry.sessionId === sessionId) entry.listener(event);
  };
  for (const type of TURN_EVENTS) {
    client.on(type, ({ sessionId, ...payload }: ServerPayload<typeof type>) => {
      if (!abandoned.has(payload.turnId)) deliver(sessionId, { type, ...payload } as ChatBackendEvent);
    });
  }
  client.on('requirements_updated', ({ sessionId, ...view }) => {
    deliver(sessionId, { type: 'requirements_updated', ...toRequirements(view) });
  });
  client.on('search_results', ({ sessionId, search }) => {
    deliver(sessionId, { type: 'search_results', search: toSearch(search) });
  });
  const learned = new Set<(item: MemoryItem) => void>();
  client.on('memory_updated', ({ change, item }) => {
    if (change !== 'learned' || !item) return;
    for (const listener of learned) listener(toMemoryItem(item));
  });
  /** The server's events reach the screen through `client.on`; only the client's own end (a lost connection) comes from the turn. */
  const watchEnd = async (turn: ClientTurn) => {
    for await (const event of turn.events) {
      if (event.type === 'assistant_error' && event.error.code === 'SERVER_UNAVAILABLE') {
        abandoned.add(turn.id);
        deliver(turn.sessionId, {
          type: 'assistant_error',
          turnId: turn.id,
          error: event.error,
          message: null,
        });
      }
    }
    if (current === turn) current = null;
  };

  return {
    where: url.replace(/\/+$/, ''),
    model: null,
    async sessions(status) {
      return (await asParley(client.sessions.list({ status, limit: SESSION_LIST_LIMIT }))).map(toSession);
    },
    async open(sessionId) {
      const joined = await asParley(client.join(sessionId));
      return { session: toSession(joined.session), messages: bySeq(joined.messages) };
    },
    async read(sessionId): Promise<SessionView> {
      const session = await asParley(client.sessions.get(sessionId));
      const page = await asParley(
        client.sessions.history(sessionId, { limit: HISTORY_SHOWN, order: 'desc' }),
      );
      return { session: toSession(session), messages: bySeq(page.messages) };
    },
    async create() {
      const session = await asParley(client.sessions.create());
      await asParley(client.join(session.id));
      return toSession(session);
    },
    async send(sessionId, content) {
      const turn = await asParley(client.send(sessionId, content));
      current = turn;
      void watchEnd(turn);
      return { turnId: turn.id };
    },
    async cancel(sessionId, turnId) {
      // The server stops the answer, stores what arrived as incomplete and reports CANCELLED to the room.
      await asParley(client.cancelTurn(sessionId, turnId));
    },
    async requirements(sessionId) {
      return toRequirements(await asParley(client.requirements.get(sessionId)));
    },
    async updateRequirements(sessionId, edit) {
      return toRequirements(await asParley(client.requirements.edit(sessionId, edit)));
    },
    async dismissQuestion(sessionId, questionId) {
      return toRequirements(await asParley(client.requirements.dismiss(sessionId, questionId)));
    },
    async search(sessionId, input) {
      return toSearch(await asParley(client.search.run(sessionId, input)));
    },
    async searches(sessionId) {
      return (await asParley(client.search.list(sessionId))).map(toSearch);
    },
    async keep(sessionId, searchId, url) {
      await asParley(client.search.keep(sessionId, searchId, url));
    },
    async memory() {
      const { items, personalization } = await asParley(client.memory.list());
      return { items: items.map(toMemoryItem), personalization };
    },
    async forgetMemory(id) {
      await asParley(client.memory.forget(id));
    },
    async setPersonalization(on) {
      await asParley(client.memory.setPersonalization(on));
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
      return asParley(client.sessions.export(sessionId, format));
    },
    async close() {
      const running = current;
      if (running) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          running.cancel().catch(() => undefined),
          new Promise((resolve) => (timer = setTimeout(resolve, CANCEL_ON_CLOSE_MS))),
        ]);
        clearTimeout(timer);
      }
      client.close();
    },
  };
}
