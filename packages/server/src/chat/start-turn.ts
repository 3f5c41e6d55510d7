import type { AcceptedTurn, ChatEvent, Parley, SendInput } from '@parley/core';

const isLast = (event: ChatEvent) => event.type === 'assistant_end' || event.type === 'assistant_error';

/**
 * Sends a message and hands every event of that one turn to `onEvent`, from `message_received` to
 * `assistant_end`/`assistant_error`. It listens before sending, so no early event is missed, and stops
 * listening when the turn is over. `done` never rejects here: failures arrive as `assistant_error`.
 */
export async function startTurn(
  parley: Parley,
  input: SendInput,
  onEvent: (event: ChatEvent) => void,
): Promise<AcceptedTurn> {
  let turnId: string | undefined;
  const early: ChatEvent[] = [];
  const deliver = (event: ChatEvent): void => {
    if (event.turnId !== turnId) return;
    if (isLast(event)) unsubscribe();
    onEvent(event);
  };
  const unsubscribe = parley.chat.subscribe(input.sessionId, (event) => {
    if (turnId === undefined) early.push(event);
    else deliver(event);
  });
  try {
    const turn = await parley.chat.send(input);
    turnId = turn.turnId;
    for (const event of early.splice(0)) deliver(event);
    const done = turn.done.catch(() => null).finally(unsubscribe);
    return { ...turn, done };
  } catch (error) {
    unsubscribe();
    throw error;
  }
}
