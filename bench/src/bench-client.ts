import { io, type Socket } from 'socket.io-client';
import { epochNow, readStamps } from './timing-stub.js';

/** One connected client with its own session, against either server. */
export interface BenchClient {
  socket: Socket;
  sessionId: string;
}

/** What one answer looked like from the client: milliseconds since `send_message` was emitted. */
export interface AnswerSample {
  firstChunkMs: number;
  /** Time between consecutive chunks of this answer. */
  gapsMs: number[];
  /** From the stamped stub's write of each delta to its arrival here (empty for unstamped text). */
  delaysMs: number[];
  totalMs: number;
  chunks: number;
}

type AckResponse = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
interface ChunkPayload {
  sessionId: string;
  /** Deltas a coalesced chunk carries (absent: one). */
  count?: number;
  text?: string;
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { ok: boolean; data?: T; error?: { code: string } };
  if (!json.ok || json.data === undefined)
    throw new Error(`POST ${url}: ${response.status} ${json.error?.code}`);
  return json.data;
}

function emitWithAck(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    socket.timeout(30_000).emit(event, payload, (timeout: Error | null, response: AckResponse) => {
      if (timeout) return reject(new Error(`${event}: no ack`));
      if (!response.ok)
        return reject(new Error(`${event}: ${response.error.code} ${response.error.message}`));
      resolve(response.data);
    });
  });
}

async function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** A baseline client: no account, a made-up session id. */
export async function connectBaselineClient(url: string, index: number): Promise<BenchClient> {
  const socket = await connect(url, {});
  const sessionId = `bench-session-${index}`;
  await emitWithAck(socket, 'join_session', { sessionId });
  return { socket, sessionId };
}

/** A Parley client as an app would make one: register, log in, create a session, open the socket with the token. */
export async function connectParleyClient(url: string, index: number, runId: string): Promise<BenchClient> {
  const credentials = {
    email: `bench-${runId}-${index}@parley.local`,
    password: 'correct horse battery staple',
  };
  await postJson(`${url}/api/v1/auth/register`, credentials);
  const { token } = await postJson<{ token: string }>(`${url}/api/v1/auth/login`, credentials);
  const { session } = await postJson<{ session: { id: string } }>(`${url}/api/v1/sessions`, {}, token);
  const socket = await connect(url, { token });
  await emitWithAck(socket, 'join_session', { sessionId: session.id });
  return { socket, sessionId: session.id };
}

/** Sends one message and times its answer as the client sees it; rejects on `assistant_error` or after `timeoutMs`. */
export function sendAndTime(
  client: BenchClient,
  content: string,
  timeoutMs: number,
  stamped = false,
): Promise<AnswerSample> {
  const { socket, sessionId } = client;
  return new Promise((resolve, reject) => {
    const gapsMs: number[] = [];
    const delaysMs: number[] = [];
    let firstChunkMs = Number.NaN;
    let last = 0;
    let chunks = 0;
    const started = performance.now();
    const onChunk = (payload: ChunkPayload) => {
      if (payload.sessionId !== sessionId) return;
      const now = performance.now();
      if (chunks === 0) firstChunkMs = now - started;
      else gapsMs.push(now - last);
      last = now;
      chunks += payload.count ?? 1;
      if (stamped && payload.text) {
        const at = epochNow();
        for (const stamp of readStamps(payload.text)) delaysMs.push(at - stamp);
      }
    };
    const onEnd = (payload: ChunkPayload) => {
      if (payload.sessionId !== sessionId) return;
      finish(() => resolve({ firstChunkMs, gapsMs, delaysMs, totalMs: performance.now() - started, chunks }));
    };
    const onError = (payload: ChunkPayload & { error?: { code: string } }) => {
      if (payload.sessionId !== sessionId) return;
      finish(() => reject(new Error(`assistant_error ${payload.error?.code}`)));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const finish = (then: () => void) => {
      clearTimeout(timer);
      socket.off('assistant_chunk', onChunk).off('assistant_end', onEnd).off('assistant_error', onError);
      then();
    };
    socket.on('assistant_chunk', onChunk).on('assistant_end', onEnd).on('assistant_error', onError);
    emitWithAck(socket, 'send_message', { sessionId, content }).catch((error: Error) =>
      finish(() => reject(error)),
    );
  });
}
