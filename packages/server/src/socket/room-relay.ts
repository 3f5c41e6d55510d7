import type { Parley } from '@parley/core';
import type { Namespace, Socket } from 'socket.io';
import { sessionRoom } from './socket-protocol.js';

/**
 * Forwards each joined session's chat events to its room. One core subscription per room per
 * process, however many sockets joined (one per socket would send every chunk several times), and
 * none once the room is empty.
 */
export class RoomRelay {
  private readonly rooms = new Map<string, { members: Set<string>; stop: () => void }>();

  constructor(
    private readonly parley: Parley,
    private readonly nsp: Namespace,
  ) {}

  /**
   * Adds a socket to the session's room. A socket that disconnected while its join was being checked
   * is left out: `leaveAll` already ran for it, so a subscription made now would never end.
   */
  async join(socket: Socket, sessionId: string): Promise<void> {
    if (!socket.connected) return;
    await socket.join(sessionRoom(sessionId));
    if (!socket.connected) {
      await socket.leave(sessionRoom(sessionId));
      return;
    }
    let room = this.rooms.get(sessionId);
    if (!room) {
      const stop = this.parley.chat.subscribe(sessionId, (event) => {
        const { type, ...payload } = event;
        this.nsp.to(sessionRoom(sessionId)).emit(type, payload);
      });
      room = { members: new Set(), stop };
      this.rooms.set(sessionId, room);
    }
    room.members.add(socket.id);
  }

  async leave(socket: Socket, sessionId: string): Promise<void> {
    await socket.leave(sessionRoom(sessionId));
    this.drop(socket.id, sessionId);
  }

  /** Forgets a disconnected socket in every room it had joined. */
  leaveAll(socketId: string): void {
    for (const sessionId of [...this.rooms.keys()]) this.drop(socketId, sessionId);
  }

  isMember(socketId: string, sessionId: string): boolean {
    return this.rooms.get(sessionId)?.members.has(socketId) ?? false;
  }

  close(): void {
    for (const room of this.rooms.values()) room.stop();
    this.rooms.clear();
  }

  private drop(socketId: string, sessionId: string): void {
    const room = this.rooms.get(sessionId);
    if (!room?.members.delete(socketId) || room.members.size > 0) return;
    room.stop();
    this.rooms.delete(sessionId);
  }
}
