import { randomUUID } from 'node:crypto';
import { ParleyError, type Parley, type User } from '@parley/core';
import type { Namespace, Server, Socket } from 'socket.io';
import { createOriginPolicy } from '../auth/origin-policy.js';
import { createIdentityResolver, type Identity } from '../auth/create-identity-resolver.js';
import { compileTrust, handshakeIp, handshakeProtocol } from '../http/client-ip.js';
import { guardSocketToken } from './guard-socket-token.js';
import { SocketQuota } from './socket-quota.js';
import { toAckError } from '../errors/to-ack-error.js';
import { toErrorBody } from '../errors/error-body.js';
import { createRateLimits } from '../rate-limit/rate-limits.js';
import type { AttachParleyOptions } from './attach-options.js';
import { RoomRelay } from './room-relay.js';
import { SOCKET_EVENTS } from './socket-events.js';

/** What `attachParley` returns: detach Parley again. */
export interface AttachedParley {
  /** Stops relaying, disconnects Parley's sockets and closes what `attachParley` created. */
  close(): Promise<void>;
}

/** The structural part of a Socket.IO server `attachParley` needs, so typed servers fit too. */
export interface NamespaceSource {
  of(name: string): Namespace;
}

const DEFAULT_MAX_PAYLOAD = 64 * 1024;

/**
 * Serves Parley's real-time chat on an existing Socket.IO server (R3, R12.2): authenticated,
 * origin-checked handshakes, rooms `session:{id}`, and the events of docs/protocol.md with acks.
 *
 * @example
 * const io = new Server(httpServer);
 * const parleySockets = attachParley(io, parley, { namespace: '/parley' });
 */
export function attachParley(
  io: NamespaceSource | Server,
  parley: Parley,
  options: AttachParleyOptions = {},
): AttachedParley {
  const originAllowed = createOriginPolicy(options.allowedOrigins ?? parley.config.cors.origins);
  if (options.adapter) {
    if (!('adapter' in io))
      throw new TypeError('attachParley: an adapter needs the Socket.IO server, not a namespace source.');
    io.adapter(options.adapter);
  }
  const nsp = typeof options.namespace === 'object' ? options.namespace : io.of(options.namespace ?? '/');
  const limits =
    options.rateLimits ??
    createRateLimits({
      ...parley.config.rateLimits,
      redis: parley.config.redis?.url,
      ...(parley.config.redis ? { keyPrefix: `${parley.config.redis.keyPrefix}rl` } : {}),
      logger: parley.logger,
    });
  const resolveIdentity = createIdentityResolver(parley, options.resolveUser);
  const relay = new RoomRelay(parley, nsp);
  const quota = new SocketQuota(parley.config.sockets);
  const trust = compileTrust(options.trustProxy ?? parley.config.trustProxy);
  const sockets = new Set<Socket>();
  const maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD;
  const historyLimit = options.historyLimit ?? 50;
  const metrics = options.metrics;

  nsp.use((socket, next) => {
    const { headers } = socket.handshake;
    const admit = async (): Promise<void> => {
      if (!originAllowed(headers.origin, headers.host, handshakeProtocol(socket.handshake, trust))) {
        throw new ParleyError('FORBIDDEN_ORIGIN', 'This origin may not open a Parley socket.');
      }
      const ip = handshakeIp(socket.handshake, trust);
      socket.data.clientIp = ip;
      await limits.consume('socketPerIp', ip);
      const identity = await resolveIdentity({ kind: 'socket', handshake: socket.handshake });
      const release = quota.reserve(identity.user.id, ip);
      socket.conn.once('close', release);
      socket.once('disconnect', release);
      socket.data.parleyUser = identity.user;
      socket.data.parleyToken = identity.token;
    };
    admit().then(
      () => next(),
      (error: unknown) => {
        const body = toErrorBody(error, parley.logger.child({ socketId: socket.id }));
        next(Object.assign(new Error(body.message), { data: body }));
      },
    );
  });

  const onConnection = (socket: Socket): void => {
    const user = socket.data.parleyUser as User | undefined;
    if (!user) return;
    sockets.add(socket);
    metrics?.socketConnected(1);
    const token = socket.data.parleyToken as Identity['token'];
    const stopExpiry = token ? guardSocketToken(socket, token, parley) : undefined;
    if (token) void socket.join(tokenRoom(token.id));
    const context = { parley, socket, user, relay, historyLimit };
    relay
      .joinUser(socket, user.id)
      .catch((error: unknown) =>
        parley.logger.warn({ err: error, socketId: socket.id }, 'joining the user room failed'),
      );
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: unknown) => void) : undefined;
      const spec = Object.hasOwn(SOCKET_EVENTS, event) ? SOCKET_EVENTS[event] : undefined;
      const logger = parley.logger.child({
        reqId: randomUUID(),
        socketId: socket.id,
        event: spec ? event : '(unknown)',
      });
      const afterAck: Array<() => void> = [];
      const handle = async (): Promise<unknown> => {
        await limits.consume('socketPerIp', socket.data.clientIp as string);
        await limits.consume('socketPerUser', user.id);
        if (!spec)
          throw new ParleyError('VALIDATION_FAILED', `Unknown event "${event.slice(0, 64)}".`, {
            field: 'event',
          });
        if (payloadBytes(args[0]) > maxPayload) {
          throw new ParleyError(
            'PAYLOAD_TOO_LARGE',
            `The event payload is larger than ${maxPayload} bytes.`,
            {
              limit: maxPayload,
            },
          );
        }
        return spec.run({ ...context, afterAck: (task) => afterAck.push(task) }, args[0]);
      };
      handle().then(
        (data) => {
          metrics?.observeSocketEvent(spec ? event : '(unknown)', 'ok');
          ack?.({ ok: true, data });
          for (const task of afterAck) task();
        },
        (error: unknown) => {
          metrics?.observeSocketEvent(spec ? event : '(unknown)', 'error');
          const failure = toAckError(error, logger);
          ack?.(failure);
          if (!ack || !spec) socket.emit('error', { ...failure.error, event: event.slice(0, 64) });
        },
      );
    });
    socket.once('disconnect', () => {
      stopExpiry?.();
      sockets.delete(socket);
      relay.leaveAll(socket.id);
      metrics?.socketConnected(-1);
    });
  };
  nsp.on('connection', onConnection);
  // With a cluster adapter the disconnect reaches the sockets of this token on every process.
  const stopRevocations = parley.auth.onRevoked((tokenId) => {
    nsp.in(tokenRoom(tokenId)).disconnectSockets(true);
  });

  return {
    async close() {
      nsp.off('connection', onConnection);
      stopRevocations();
      // Each connection closes once what was emitted to it is written (a shutdown's last events).
      const closed = [...sockets].map((socket) =>
        socket.conn.readyState === 'closed'
          ? undefined
          : new Promise((resolve) => socket.conn.once('close', resolve)),
      );
      for (const socket of sockets) socket.disconnect(true);
      await Promise.all(closed);
      relay.close();
      if (!options.rateLimits) await limits.close();
    },
  };
}

/** The room of every socket opened with one token, so logging the token out can close them all. */
function tokenRoom(tokenId: string): string {
  return `token:${tokenId}`;
}

function payloadBytes(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
