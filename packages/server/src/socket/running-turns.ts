import type { AcceptedTurn, ChatEvent, Parley, SendInput } from '@parley/core';
import { startTurn } from '../chat/start-turn.js';

interface RunningTurn {
  userId: string;
  sessionId: string;
  controller: AbortController;
}

/**
 * The answers started over Parley's sockets that are still running, each with the AbortController
 * `cancel_turn` uses. A turn is forgotten when it ends, so the map only holds live answers.
 */
export class RunningTurns {
  private readonly turns = new Map<string, RunningTurn>();

  /** `startTurn` with a signal this registry can fire; the turn is registered once accepted. */
  async start(
    parley: Parley,
    input: Omit<SendInput, 'signal'>,
    onEvent: (event: ChatEvent) => void,
  ): Promise<AcceptedTurn> {
    const controller = new AbortController();
    const turn = await startTurn(parley, { ...input, signal: controller.signal }, onEvent);
    this.turns.set(turn.turnId, { userId: input.userId, sessionId: input.sessionId, controller });
    void turn.done.finally(() => this.turns.delete(turn.turnId));
    return turn;
  }

  /**
   * Stops a running answer of `userId` in `sessionId`; false when there is none (finished, unknown,
   * or someone else's). The core stores what arrived as incomplete and ends the turn with `CANCELLED`.
   */
  cancel(userId: string, sessionId: string, turnId: string): boolean {
    const turn = this.turns.get(turnId);
    if (!turn || turn.userId !== userId || turn.sessionId !== sessionId) return false;
    this.turns.delete(turnId);
    turn.controller.abort();
    return true;
  }
}
