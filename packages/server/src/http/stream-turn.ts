import type { Parley, User } from '@parley/core';
import type { Response } from 'express';

const KEEP_ALIVE_MS = 15_000;

/**
 * Sends a message and streams that turn as Server-Sent Events (R3.6): `event: <type>` and the
 * ChatEvent without `type` as JSON `data`, until `assistant_end` or `assistant_error`. A client that
 * goes away cancels the turn; what arrived is stored as incomplete. Rejections before the turn is
 * accepted throw, so they still answer with a normal JSON error.
 */
export async function streamTurn(
  parley: Parley,
  input: { user: User; sessionId: string; content: string; res: Response },
): Promise<void> {
  const { res } = input;
  // Listening before the turn is accepted, so a client gone while its message is checked still stops it.
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) gone.abort();
  });
  const turn = await parley.chat.send({
    userId: input.user.id,
    sessionId: input.sessionId,
    content: input.content,
    signal: gone.signal,
  });
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const keepAlive = setInterval(() => res.writableEnded || res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  try {
    for await (const { type, ...payload } of turn.events) {
      if (res.writableEnded) break;
      res.write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
    }
  } finally {
    clearInterval(keepAlive);
    if (!res.writableEnded) res.end();
  }
}
