import type { ChatEvent, Parley, User } from '@parley/core';
import type { Response } from 'express';
import { startTurn } from '../chat/start-turn.js';
import type { ParleyMetrics } from '../metrics/parley-metrics.js';

const KEEP_ALIVE_MS = 15_000;

/**
 * Sends a message and streams that turn as Server-Sent Events (R3.6): `event: <type>` and the
 * ChatEvent without `type` as JSON `data`, until `assistant_end` or `assistant_error`. A client that
 * goes away aborts the answer; what arrived is stored as incomplete. Rejections before the turn is
 * accepted throw, so they still answer with a normal JSON error.
 */
export async function streamTurn(
  parley: Parley,
  input: {
    user: User;
    sessionId: string;
    content: string;
    res: Response;
    metrics?: ParleyMetrics;
  },
): Promise<void> {
  const { res } = input;
  const controller = new AbortController();
  let keepAlive: NodeJS.Timeout | undefined;
  const open = (): void => {
    if (res.headersSent) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    keepAlive = setInterval(() => res.writableEnded || res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  };
  const send = (event: ChatEvent): void => {
    input.metrics?.observeChatEvent(event);
    if (res.writableEnded) return;
    open();
    const { type, ...payload } = event;
    res.write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
    if (type !== 'assistant_end' && type !== 'assistant_error') return;
    clearInterval(keepAlive);
    res.end();
  };
  res.on('close', () => {
    clearInterval(keepAlive);
    if (!res.writableEnded) controller.abort();
  });
  await startTurn(
    parley,
    { userId: input.user.id, sessionId: input.sessionId, content: input.content, signal: controller.signal },
    send,
  );
  open();
}
