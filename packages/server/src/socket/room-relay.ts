import type { Parley, User } from '@parley/core';
import type { Namespace, Socket } from 'socket.io';
import { createChunkCoalescer, type RelayedEvent } from './chunk-coalescer.js';
import { sessionRoom, userRoom } from './socket-protocol.js';

interface Room {
  members: Set<string>;
  stop: () => void;
}

/** A connected user: its room's name and subscription, and the `User` its sockets share. */
interface UserRoom {
  user: User;
  name: string;
  sockets: number;
  stop: () => void;
}

/**
 * Forwards core events to rooms: each joined session's turn events to `session:{id}`, each user's
 * events to `user:{id}`. One core subscription per room per process, however many sockets joined
 * (one per socket would send every chunk several times), and none once the room is empty; a user's
 * sockets are counted, not listed, and share one `User` object and room name (idle sockets). Every
 * process relays the bus to its own sockets only (`local`): with a cluster adapter a room-wide emit
 * would reach the other processes' sockets a second time.
 */
export class RoomRelay {
  private readonly sessions = new Map<string, Room>();
  private readonly users = new Map<string, UserRoom>();
  /** Sockets that get a turn's events from its log instead of the room (`join_session` resume), by turn. */
  private readonly resuming = new Map<string, Set<string>>();

  constructor(
    private readonly parley: Parley,
    private readonly nsp: Namespace,
  ) {}

  /**
   * Adds a socket to the session's room. A socket that disconnected while its join was being checked
   * is left out: `leaveAll` already ran for it, so a subscription made now would never end.
   */
  async join(socket: Socket, sessionId: string): Promise<void> {
    await this.enter(socket, sessionRoom(sessionId), this.sessions, sessionId, () =>
      this.watchCoalesced(sessionId, ({ type, ...payload }) => {
        const room = this.nsp.local.to(sessionRoom(sessionId));
        const skip = 'turnId' in payload ? this.resuming.get(payload.turnId) : undefined;
        (skip ? room.except([...skip]) : room).emit(type, payload);
      }),
    );
  }

  /**
   * Adds a connected, authenticated socket to its user's room (`session_updated` and later user
   * events) and returns the `User` object to keep on it; `leaveUser` when it disconnects.
   */
  joinUser(socket: Socket, user: User): User {
    let room = this.users.get(user.id);
    if (!room) {
      const name = userRoom(user.id);
      const stop = this.parley.chat.subscribeUser(user.id, ({ type, ...payload }) =>
        this.nsp.local.to(name).emit(type, payload),
      );
      room = { user, name, sockets: 0, stop };
      this.users.set(user.id, room);
    }
    room.sockets += 1;
    const { name } = room;
    // With an asynchronous adapter the socket may be gone once its join completes: it must not stay.
    Promise.resolve(socket.join(name))
      .then(() => (socket.connected ? undefined : socket.leave(name)))
      .catch((error: unknown) =>
        this.parley.logger.warn({ err: error, socketId: socket.id }, 'joining the user room failed'),
      );
    return room.user;
  }

  /** Counts a user's socket out; the room's subscription ends with its last socket. */
  leaveUser(userId: string): void {
    const room = this.users.get(userId);
    if (!room) return;
    room.sockets -= 1;
    if (room.sockets > 0) return;
    room.stop();
    this.users.delete(userId);
  }

  /**
   * Keeps a turn's events from the room away from one socket, which gets them from the turn's log
   * instead (a resumed stream), so none arrives twice; the returned function ends that.
   */
  exclude(socketId: string, turnId: string): () => void {
    let set = this.resuming.get(turnId);
    if (!set) {
      set = new Set();
      this.resuming.set(turnId, set);
    }
    set.add(socketId);
    return () => {
      set.delete(socketId);
      if (set.size === 0 && this.resuming.get(turnId) === set) this.resuming.delete(turnId);
    };
  }

  async leave(socket: Socket, sessionId: string): Promise<void> {
    await socket.leave(sessionRoom(sessionId));
    this.drop(this.sessions, socket.id, sessionId);
  }

  /** Forgets a disconnected socket in every session room it had joined. */
  leaveAll(socketId: string): void {
    for (const sessionId of [...this.sessions.keys()]) this.drop(this.sessions, socketId, sessionId);
  }

  isMember(socketId: string, sessionId: string): boolean {
    return this.sessions.get(sessionId)?.members.has(socketId) ?? false;
  }

  close(): void {
    for (const room of [...this.sessions.values(), ...this.users.values()]) room.stop();
    this.sessions.clear();
    this.users.clear();
  }

  /** Watches a session with its turns' chunks coalesced (`SOCKET_CHUNK_COALESCE_MS`); stopping sends what is held. */
  private watchCoalesced(sessionId: string, listener: (event: RelayedEvent) => void): () => void {
    const coalescer = createChunkCoalescer(this.parley.config.sockets.chunkCoalesceMs, listener);
    const stop = this.parley.chat.watch(sessionId, (event) => coalescer.push(event));
    return () => {
      stop();
      coalescer.close();
    };
  }

  private async enter(
    socket: Socket,
    name: string,
    rooms: Map<string, Room>,
    key: string,
    subscribe: () => () => void,
  ): Promise<void> {
    if (!socket.connected) return;
    await socket.join(name);
    if (!socket.connected) {
      await socket.leave(name);
      return;
    }
    let room = rooms.get(key);
    if (!room) {
      room = { members: new Set(), stop: subscribe() };
      rooms.set(key, room);
    }
    room.members.add(socket.id);
  }

  private drop(rooms: Map<string, Room>, socketId: string, key: string): void {
    const room = rooms.get(key);
    if (!room?.members.delete(socketId) || room.members.size > 0) return;
    room.stop();
    rooms.delete(key);
  }
}
