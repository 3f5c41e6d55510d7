import {
  TURN_EVENTS,
  type AckData,
  type ExportFormat,
  type RouteBody,
  type RouteQuery,
  type RouteResponse,
  type ServerEventName,
  type ServerPayload,
  type WireKeptResult,
  type WireMemoryItem,
  type WireRequirementsVersion,
  type WireRequirementsView,
  type WireSearchRun,
  type WireSession,
  type WireUser,
} from '@parley/protocol';
import { TurnStream, type ClientTurn, type ClientTurnEvent } from './client-turn.js';
import { ParleyClientError } from './parley-client-error.js';
import { createRestTransport, type RestTransport } from './rest-transport.js';
import { createSocketTransport, type ParleySocket, type SocketSettings } from './socket-transport.js';

/** Where the server is and how to talk to it. */
export interface ParleyClientOptions {
  /** The server's origin, e.g. `https://parley.example.com` (REST and Socket.IO). */
  baseUrl: string;
  /** A token from `auth.login` or elsewhere; without one, browsers use the login cookie. */
  token?: string;
  /** The REST prefix the router is mounted at (default `/api/v1`, the standalone server's). */
  apiPath?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Socket.IO options (path, transports, reconnection…) and the namespace Parley is attached to. */
  socket?: SocketSettings;
}

type Query<N extends Parameters<RestTransport['call']>[0]> = Partial<NonNullable<RouteQuery<N>>>;

/** A typed client of every REST route and Socket.IO event of a Parley server (docs/protocol.md). */
export interface ParleyClient {
  /** The token calls carry: set by `auth.login`, cleared by `auth.logout`. */
  readonly token: string | undefined;
  auth: {
    register(input: RouteBody<'register'>): Promise<WireUser>;
    /** Logs in and keeps the token for every later call and the socket. */
    login(input: RouteBody<'login'>): Promise<RouteResponse<'login'>>;
    /** Revokes the token (its sockets close) and forgets it. */
    logout(): Promise<void>;
    me(): Promise<WireUser>;
  };
  sessions: {
    create(input?: RouteBody<'createSession'>): Promise<WireSession>;
    list(query?: Query<'listSessions'>): Promise<WireSession[]>;
    get(sessionId: string): Promise<WireSession>;
    close(sessionId: string): Promise<WireSession>;
    restore(sessionId: string): Promise<WireSession>;
    /** A page of history; `next` is the cursor for the next page in the same direction. */
    history(sessionId: string, query?: Query<'history'>): Promise<RouteResponse<'history'>>;
    /** The conversation as a Markdown or JSON document. */
    export(sessionId: string, format?: ExportFormat): Promise<string>;
  };
  /** Sends a message over the socket; the answer streams as the turn's events. */
  send(sessionId: string, content: string): Promise<ClientTurn>;
  /** Stops a running answer of the user's, however it was sent; false when it had already ended. */
  cancelTurn(sessionId: string, turnId: string): Promise<boolean>;
  /** Joins the session's room (its events reach `on` listeners) with its latest history, oldest first. */
  join(sessionId: string): Promise<AckData<'join_session'>>;
  leave(sessionId: string): Promise<void>;
  /** Tells the others in the (joined) session that the user is typing. */
  typing(sessionId: string, typing: boolean): Promise<void>;
  requirements: {
    get(sessionId: string): Promise<WireRequirementsView>;
    versions(sessionId: string, query?: Query<'requirementVersions'>): Promise<WireRequirementsVersion[]>;
    /** Sets (and locks) or unlocks fields against `version`; a stale one is `VERSION_CONFLICT`. */
    edit(sessionId: string, edit: RouteBody<'editRequirements'>): Promise<WireRequirementsView>;
    dismiss(sessionId: string, questionId: string): Promise<WireRequirementsView>;
  };
  search: {
    run(sessionId: string, input?: RouteBody<'search'>): Promise<WireSearchRun>;
    list(sessionId: string, query?: Query<'searches'>): Promise<WireSearchRun[]>;
    kept(sessionId: string): Promise<WireKeptResult[]>;
    keep(sessionId: string, searchId: string, url: string): Promise<WireKeptResult>;
  };
  memory: {
    list(): Promise<RouteResponse<'memory'>>;
    edit(itemId: string, value: string): Promise<WireMemoryItem>;
    forget(itemId: string): Promise<void>;
    /** Forgets everything; resolves with how many items there were. */
    forgetAll(): Promise<number>;
    /** Switches learning and applying memory on or off (the items are kept). */
    setPersonalization(on: boolean): Promise<boolean>;
  };
  /** Listens to a server event (`requirements_updated`, `memory_updated`, `typing`, …); returns the stop. */
  on<E extends ServerEventName>(event: E, listener: (payload: ServerPayload<E>) => void): () => void;
  /** Closes the socket; a running turn's events end with `SERVER_UNAVAILABLE`. */
  close(): void;
}

/**
 * Creates a client of a Parley server for browsers and Node: REST for reads and edits, one
 * Socket.IO connection (opened on first use) for sending, streaming and watching.
 *
 * @example
 * const parley = createParleyClient({ baseUrl: 'http://localhost:3000' });
 * await parley.auth.login({ email, password });
 * const session = await parley.sessions.create();
 * const turn = await parley.send(session.id, 'We are hiring a senior Go engineer.');
 * for await (const event of turn.events) if (event.type === 'assistant_chunk') print(event.text);
 */
export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let token = options.token;
  const rest = createRestTransport({
    baseUrl,
    apiPath: options.apiPath ?? '/api/v1',
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
    token: () => token,
  });
  const turns = new Map<string, TurnStream>();
  /** Sends waiting for their ack: they keep the events that arrive before it, to claim by turn id. */
  const pending = new Set<{ sessionId: string; events: ClientTurnEvent[] }>();
  const joined = new Set<string>();
  let dropped = false;

  const deliver = (event: ClientTurnEvent): void => {
    const turn = turns.get(event.turnId);
    if (turn) {
      turn.push(event);
      if (turn.over) turns.delete(turn.id);
      return;
    }
    for (const send of pending) if (send.sessionId === event.sessionId) send.events.push(event);
  };
  const failInterrupted = (code: ParleyClientError['code'], message: string): void => {
    for (const turn of [...turns.values()]) {
      if (!turn.interrupted) continue;
      turn.fail(code, message);
      turns.delete(turn.id);
    }
  };
  const rejoin = async (sessionId: string): Promise<void> => {
    const turn = [...turns.values()].find((t) => t.sessionId === sessionId && t.interrupted);
    const resume = turn ? { turnId: turn.id, fromIndex: turn.resumeFrom } : undefined;
    try {
      const answer = await sockets.emit('join_session', { sessionId, ...(resume ? { resume } : {}) });
      if (!turn) return;
      if (answer.resumed) turn.interrupted = false;
      else {
        turn.fail(
          'SERVER_UNAVAILABLE',
          'The connection was lost during the answer and the server could not resume it; join the session to read what was stored.',
        );
        turns.delete(turn.id);
      }
    } catch (error) {
      if (!turn) return;
      const { code, message } = ParleyClientError.is(error)
        ? error
        : { code: 'SERVER_UNAVAILABLE' as const, message: String(error) };
      turn.fail(code, message);
      turns.delete(turn.id);
    }
  };

  const sockets = createSocketTransport({
    baseUrl,
    settings: options.socket ?? {},
    token: () => token,
    onSocket(socket: ParleySocket) {
      for (const type of TURN_EVENTS) {
        socket.on(type, (payload: object) => deliver({ type, ...payload } as ClientTurnEvent));
      }
      socket.on('disconnect', (reason) => {
        if (reason === 'io client disconnect') {
          for (const turn of turns.values()) turn.interrupted = true;
          failInterrupted('SERVER_UNAVAILABLE', `The connection to ${baseUrl} was closed.`);
          return;
        }
        dropped = true;
        for (const turn of turns.values()) turn.interrupted = true;
        // A server that disconnects a socket (a restart, a revoked token) is not retried by Socket.IO.
        if (reason === 'io server disconnect') socket.connect();
      });
      socket.on('connect', () => {
        if (!dropped) return;
        dropped = false;
        for (const sessionId of joined) void rejoin(sessionId);
      });
      socket.on('connect_error', (error: Error & { data?: { code?: ParleyClientError['code'] } }) => {
        failInterrupted(
          error.data?.code ?? 'SERVER_UNAVAILABLE',
          `Connection lost to ${baseUrl} during the answer (${error.message}).`,
        );
      });
    },
  });

  const client: ParleyClient = {
    get token() {
      return token;
    },
    auth: {
      async register(input) {
        return (await rest.call('register', { body: input })).user;
      },
      async login(input) {
        const answer = await rest.call('login', { body: input });
        token = answer.token;
        sockets.reconnect();
        return answer;
      },
      async logout() {
        await rest.call('logout');
        token = undefined;
        sockets.close();
      },
      async me() {
        return (await rest.call('me')).user;
      },
    },
    sessions: {
      create: async (input = {}) => (await rest.call('createSession', { body: input })).session,
      list: async (query) => (await rest.call('listSessions', { query })).sessions,
      get: async (id) => (await rest.call('getSession', { params: { id } })).session,
      close: async (id) => (await rest.call('closeSession', { params: { id } })).session,
      restore: async (id) => (await rest.call('restoreSession', { params: { id } })).session,
      history: (id, query) => rest.call('history', { params: { id }, query }),
      export: (id, format = 'md') => rest.text('exportSession', { params: { id }, query: { format } }),
    },
    async send(sessionId, content) {
      const early = { sessionId, events: [] as ClientTurnEvent[] };
      pending.add(early);
      try {
        const { turnId, position } = await sockets.emit('send_message', { sessionId, content });
        joined.add(sessionId);
        const stream = new TurnStream(turnId, sessionId);
        turns.set(turnId, stream);
        for (const event of early.events) if (event.turnId === turnId) deliver(event);
        return {
          id: turnId,
          sessionId,
          position,
          events: { [Symbol.asyncIterator]: () => stream.iterate() },
          done: stream.done,
          async cancel() {
            await client.cancelTurn(sessionId, turnId);
          },
        };
      } finally {
        pending.delete(early);
      }
    },
    async cancelTurn(sessionId, turnId) {
      return (await sockets.emit('cancel_turn', { sessionId, turnId })).cancelled;
    },
    async join(sessionId) {
      const answer = await sockets.emit('join_session', { sessionId });
      joined.add(sessionId);
      return answer;
    },
    async leave(sessionId) {
      joined.delete(sessionId);
      await sockets.emit('leave_session', { sessionId });
    },
    async typing(sessionId, typing) {
      await sockets.emit('typing', { sessionId, typing });
    },
    requirements: {
      get: (id) => rest.call('requirements', { params: { id } }),
      versions: async (id, query) =>
        (await rest.call('requirementVersions', { params: { id }, query })).versions,
      edit: (id, edit) => rest.call('editRequirements', { params: { id }, body: edit }),
      dismiss: (id, questionId) => rest.call('dismissQuestion', { params: { id, questionId } }),
    },
    search: {
      run: async (id, input = {}) => (await rest.call('search', { params: { id }, body: input })).search,
      list: async (id, query) => (await rest.call('searches', { params: { id }, query })).searches,
      kept: async (id) => (await rest.call('keptResults', { params: { id } })).kept,
      keep: async (id, searchId, url) =>
        (await rest.call('keepResult', { params: { id, searchId }, body: { url } })).kept,
    },
    memory: {
      list: () => rest.call('memory'),
      edit: async (id, value) => (await rest.call('editMemory', { params: { id }, body: { value } })).item,
      forget: async (id) => {
        await rest.call('forgetMemory', { params: { id } });
      },
      forgetAll: async () => (await rest.call('forgetAllMemory')).deleted,
      setPersonalization: async (on) =>
        (await rest.call('setPersonalization', { body: { personalization: on } })).personalization,
    },
    on(event, listener) {
      const socket = sockets.socket() as unknown as {
        on(name: string, fn: (payload: never) => void): void;
        off(name: string, fn: (payload: never) => void): void;
      };
      socket.on(event, listener);
      return () => socket.off(event, listener);
    },
    close() {
      sockets.close();
    },
  };
  return client;
}
