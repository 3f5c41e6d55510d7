import type {
  AckData,
  AckResponse,
  ClientEventName,
  ClientPayload,
  ClientToServerEvents,
  ErrorCode,
  ServerToClientEvents,
} from '@parley/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ParleyClientError, serverUnavailable } from './parley-client-error.js';

/** The typed Socket.IO socket the client holds. */
export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Socket.IO options for the client's socket, plus the namespace Parley is attached to (default `/`). */
export type SocketSettings = Partial<ManagerOptions & SocketOptions> & {
  namespace?: string;
  /** How long an event waits for its ack before `SERVER_UNAVAILABLE` (default 30 s). */
  ackTimeoutMs?: number;
};

/** One lazily opened socket: `emit` waits for the connection and resolves with the ack's `data`. */
export interface SocketTransport {
  /** The socket, opened on first use; it reconnects as Socket.IO does. */
  socket(): ParleySocket;
  emit<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckData<E>>;
  /** Reopens the socket with the current token (after a login). */
  reconnect(): void;
  close(): void;
}

const DEFAULT_ACK_TIMEOUT_MS = 30_000;

export function createSocketTransport(options: {
  baseUrl: string;
  settings: SocketSettings;
  token: () => string | undefined;
  /** Called once with each new socket, to attach listeners. */
  onSocket: (socket: ParleySocket) => void;
}): SocketTransport {
  const { namespace = '/', ackTimeoutMs = DEFAULT_ACK_TIMEOUT_MS, ...ioOptions } = options.settings;
  let current: ParleySocket | undefined;

  const open = (): ParleySocket => {
    const socket: ParleySocket = io(`${options.baseUrl}${namespace === '/' ? '' : namespace}`, {
      withCredentials: true,
      ...ioOptions,
      auth: (cb) => {
        const token = options.token();
        cb(token ? { token } : {});
      },
    });
    options.onSocket(socket);
    return socket;
  };
  const socket = (): ParleySocket => (current ??= open());

  const connected = (target: ParleySocket): Promise<void> => {
    if (target.connected) return Promise.resolve();
    if (!target.active) target.connect();
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        target.off('connect_error', onError);
        resolve();
      };
      const onError = (error: Error & { data?: { code?: ErrorCode; message?: string } }) => {
        target.off('connect', onConnect);
        const code = error.data?.code;
        reject(
          code
            ? new ParleyClientError(code, error.data?.message ?? error.message)
            : serverUnavailable(options.baseUrl, error),
        );
      };
      target.once('connect', onConnect);
      target.once('connect_error', onError);
    });
  };

  return {
    socket,
    async emit(event, payload) {
      const target = socket();
      await connected(target);
      const response = await new Promise<AckResponse<unknown>>((resolve, reject) => {
        // Socket.IO types an ack with a timeout per event; one untyped call serves them all.
        const timed = target.timeout(ackTimeoutMs) as unknown as {
          emit(
            name: string,
            body: unknown,
            ack: (error: Error | null, answer: AckResponse<unknown>) => void,
          ): void;
        };
        timed.emit(event, payload, (error, answer) => {
          if (error) reject(serverUnavailable(options.baseUrl, `no answer to ${event}`));
          else resolve(answer);
        });
      });
      if (!response.ok) {
        const { code, message, details } = response.error;
        throw new ParleyClientError(code, message, details ?? {});
      }
      return response.data as AckData<typeof event>;
    },
    reconnect() {
      if (!current) return;
      current.disconnect();
      current.connect();
    },
    close() {
      current?.close();
      current = undefined;
    },
  };
}
