/** One Server-Sent Event of a turn: its type and its JSON data. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An SSE response read as it arrives: the events so far, and the end of the stream. */
export interface SseReader {
  status: number;
  events: SseEvent[];
  /** Resolves once an event matching `match` has arrived (or already had). */
  waitFor(match: (event: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolves when the server ends the response (or the connection is cut). */
  ended: Promise<void>;
}

/** POSTs a message asking for its answer as Server-Sent Events, and reads the stream as it comes. */
export async function postStreaming(
  url: string,
  token: string,
  sessionId: string,
  content: string,
): Promise<SseReader> {
  const res = await fetch(`${url}/api/v1/sessions/${sessionId}/messages`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'text/event-stream',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ content }),
  });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let over = false;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const part of res.body ?? []) {
        buffer += decoder.decode(part as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const [eventLine, dataLine] = block.split('\n');
          if (eventLine?.startsWith('event: ') && dataLine?.startsWith('data: ')) {
            events.push({ event: eventLine.slice(7), data: JSON.parse(dataLine.slice(6)) });
            for (const wake of waiters) wake();
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // A cut connection ends the stream like a closed one; the events show what arrived.
    }
    over = true;
    for (const wake of waiters) wake();
  })();
  return {
    status: res.status,
    events,
    ended,
    waitFor: (match) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (over) {
            waiters.delete(check);
            reject(new Error(`the stream ended without the event: ${JSON.stringify(events)}`));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}
