import { randomUUID } from 'node:crypto';
import { ParleyError, type Parley, type User } from '@parley/core';
import type { ClientEventName } from '@parley/protocol';
import type { Namespace, Server, Socket } from 'socket.io';
import { createOriginPolicy } from '../auth/origin-policy.js';
import { createIdentityResolver } from '../auth/create-identity-resolver.js';
import { compileTrust, handshakeIp, handshakeProtocol } from '../http/client-ip.js';
import { SocketQuota } from './socket-quota.js';
import { toAckError } from '../errors/to-ack-error.js';
import { toErrorBody } from '../errors/error-body.js';
import { createRateLimits } from '../rate-limit/rate-limits.js';
import type { AttachParleyOptions } from './attach-options.js';
import { RoomRelay } from './room-relay.js';
import { SOCKET_EVENTS } from './socket-events.js';
import { TokenSockets, type SocketToken } from './token-sockets.js';

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
  const maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD;
  const historyLimit = options.historyLimit ?? 50;
  const metrics = options.metrics;

  const tokens = new TokenSockets(parley, nsp);
  /**
   * Handshakes that reserved a quota slot and have not connected yet, with their user id. A socket
   * that never connects has no `disconnect`: its slot is given back once its connection has closed,
   * before the next reservation counts. (A listener on the connection would leave its listener
   * array grown for as long as the connection lives.) Until then a quiet server keeps such a
   * socket, its connection and request: a few, between handshakes, for idle sockets' memory.
   */
  const admitting = new Map<Socket, string>();
  const reclaim = (): void => {
    for (const [socket, userId] of admitting) {
      if (socket.conn.readyState !== 'closed') continue;
      admitting.delete(socket);
      quota.release(userId, socket.data.clientIp as string);
    }
  };

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
      reclaim();
      quota.reserve(identity.user.id, ip);
      admitting.set(socket, identity.user.id);
      socket.data.parleyUser = identity.user;
      socket.data.parleyToken = identity.token;
      // Verified and kept as `parleyToken`: the handshake need not hold on to the JWT itself.
      if (identity.token && typeof socket.handshake.auth.token === 'string')
        socket.handshake.auth.token = undefined;
    };
    admit().then(
      () => next(),
      (error: unknown) => {
        const body = toErrorBody(error, parley.logger.child({ socketId: socket.id }));
        next(Object.assign(new Error(body.message), { data: body }));
      },
    );
  });

  // One listener function for every socket (Socket.IO calls it with the socket as `this`), and the
  // socket's state on `socket.data`, shared per user and per token: an idle socket holds no closure.
  function onEvent(this: Socket, event: string, ...args: unknown[]): void {
    handleEvent(this, event, args);
  }

  function handleEvent(socket: Socket, event: string, args: unknown[]): void {
    const user = socket.data.parleyUser as User;
    const token = socket.data.parleyToken as SocketToken | undefined;
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: unknown) => void) : undefined;
    const spec = Object.hasOwn(SOCKET_EVENTS, event) ? SOCKET_EVENTS[event as ClientEventName] : undefined;
    const name = spec ? event : '(unknown)';
    const afterAck: Array<() => void> = [];
    const handle = async (): Promise<{ data: unknown } | undefined> => {
      // Three independent round trips with Redis (the denylist, both limits): asked together,
      // judged in this order. An event from a logged-out token still counts against the limits.
      const [admitted, perIp, perUser] = await Promise.allSettled([
        token ? tokens.admits(socket, token) : true,
        limits.consume('socketPerIp', socket.data.clientIp as string),
        limits.consume('socketPerUser', user.id),
      ]);
      if (admitted.status === 'rejected') throw admitted.reason;
      if (!admitted.value) return undefined;
      if (perIp.status === 'rejected') throw perIp.reason;
      if (perUser.status === 'rejected') throw perUser.reason;
      if (!spec)
        throw new ParleyError('VALIDATION_FAILED', `Unknown event "${event.slice(0, 64)}".`, {
          field: 'event',
        });
      if (payloadBytes(args[0]) > maxPayload) {
        throw new ParleyError('PAYLOAD_TOO_LARGE', `The event payload is larger than ${maxPayload} bytes.`, {
          limit: maxPayload,
        });
      }
      const context = {
        parley,
        socket,
        user,
        relay,
        historyLimit,
        afterAck: (task: () => void) => afterAck.push(task),
      };
      return { data: await spec.run(context, args[0]) };
    };
    handle().then(
      (result) => {
        if (!result) return;
        metrics?.observeSocketEvent(name, 'ok');
        ack?.({ ok: true, data: result.data });
        for (const task of afterAck) task();
      },
      (error: unknown) => {
        metrics?.observeSocketEvent(name, 'error');
        const logger = parley.logger.child({ reqId: randomUUID(), socketId: socket.id, event: name });
        const failure = toAckError(error, logger);
        ack?.(failure);
        if (!ack || !spec) socket.emit('error', { ...failure.error, event: event.slice(0, 64) });
      },
    );
  }

  function onDisconnect(this: Socket): void {
    const user = this.data.parleyUser as User;
    const token = this.data.parleyToken as SocketToken | undefined;
    if (token) tokens.remove(token);
    quota.release(user.id, this.data.clientIp as string);
    relay.leaveAll(this.id);
    relay.leaveUser(user.id);
    metrics?.socketConnected(-1);
  }

  const onConnection = (socket: Socket): void => {
    const user = socket.data.parleyUser as User | undefined;
    if (!user) return;
    admitting.delete(socket);
    metrics?.socketConnected(1);
    socket.data.parleyUser = relay.joinUser(socket, user);
    const token = socket.data.parleyToken as SocketToken | undefined;
    if (token) socket.data.parleyToken = tokens.add(socket, token);
    socket.onAny(onEvent);
    socket.on('disconnect', onDisconnect);
  };
  nsp.on('connection', onConnection);
  // With a cluster adapter the disconnect reaches the sockets of this token on every process.
  const stopRevocations = parley.auth.onRevoked((tokenId) => tokens.revoked(tokenId));

  return {
    async close() {
      nsp.off('connection', onConnection);
      stopRevocations();
      const sockets = [...nsp.sockets.values()].filter((socket) => socket.data.parleyUser);
      // Each connection closes once what was emitted to it is written (a shutdown's last events).
      const closed = sockets.map((socket) =>
        socket.conn.readyState === 'closed'
          ? undefined
          : new Promise((resolve) => socket.conn.once('close', resolve)),
      );
      for (const socket of sockets) socket.disconnect(true);
      await Promise.all(closed);
      relay.close();
      tokens.close();
      if (!options.rateLimits) await limits.close();
    },
  };
}

function payloadBytes(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
