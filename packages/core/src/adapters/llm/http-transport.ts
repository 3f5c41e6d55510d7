import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { LlmTransport, RequestLimits } from './llm-transport.js';

/**
 * How long a kept-alive connection may sit unused before it is closed (undici's default, which the
 * SDK's `fetch` used): a server closing idle connections sooner says so in `Keep-Alive: timeout`,
 * which the agent then honours; without a bound, a request could be sent on a connection the
 * server had just closed.
 */
const IDLE_SOCKET_MS = 4_000;

/**
 * The default transport: requests over `node:http(s)` with one keep-alive agent, streams read with
 * `eventsource-parser`. The SDK's path (`fetch`, web streams, its `Stream` and response parsing)
 * took about 0.65 ms more CPU per answer of 32 chunks, and about 2 ms more per answer in the socket
 * load once the after-turn jobs' JSON completion and embeddings request went through it too
 * (docs/performance.md), so the default adapters send this way and keep the SDK for listing models
 * and for a custom `fetch`. It sends what the SDK sends (the JSON body, the key as a bearer token,
 * OpenRouter's app headers) and fails the way the SDK fails (see `LlmTransport`). Redirects are
 * not followed.
 */
export function httpTransport(endpoint: { baseUrl: string; headers: Record<string, string> }): LlmTransport {
  const base = endpoint.baseUrl.replace(/\/+$/, '');
  const secure = new URL(base).protocol === 'https:';
  const keepAlive = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  const agent = secure ? new https.Agent(keepAlive) : new http.Agent(keepAlive);
  const send = secure ? https.request : http.request;
  const urls = { chat: new URL(`${base}/chat/completions`), embeddings: new URL(`${base}/embeddings`) };
  const streamHeaders = {
    ...endpoint.headers,
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  const jsonHeaders = { ...endpoint.headers, 'content-type': 'application/json', accept: 'application/json' };

  /** Sends `body` and resolves with the response once it has started with a 2xx status. */
  const open = (url: URL, headers: Record<string, string>, body: unknown, limits: RequestLimits) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const { signal, timeoutMs } = limits;
      const request = send(url, { method: 'POST', agent, headers, signal });
      const timer = setTimeout(() => request.destroy(new APIConnectionTimeoutError()), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(asSdkError(error, signal));
      });
      request.on('response', (response) => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(response);
        else statusError(response, status).then(reject, reject);
      });
      request.end(JSON.stringify(body));
    });

  const json = async <T>(url: URL, body: unknown, limits: RequestLimits): Promise<T> => {
    const response = await open(url, jsonHeaders, body, limits);
    try {
      return JSON.parse(await textOf(response)) as T;
    } catch (error) {
      throw error instanceof SyntaxError ? error : asSdkError(error, limits.signal);
    }
  };

  return {
    stream: async (body, limits) =>
      chunksOf(await open(urls.chat, streamHeaders, body, limits), limits.signal),
    complete: (body, limits) => json(urls.chat, body, limits),
    embed: (body, limits) => json(urls.embeddings, body, limits),
  };
}

/** A failed request or body as the SDK reports it: aborted by the caller, or a connection error. */
function asSdkError(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return new APIUserAbortError();
  return error instanceof APIError ? error : new APIConnectionError({ cause: error as Error });
}

async function textOf(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const piece of response) text += piece as string;
  return text;
}

/** The SDK's error for a response with a failing status: the body's JSON error, else its text. */
async function statusError(response: IncomingMessage, status: number): Promise<APIError> {
  const text = await textOf(response);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const errorJson = json && typeof json === 'object' ? (json as object) : undefined;
  return APIError.generate(status, errorJson, errorJson ? undefined : text, toHeaders(response.headers));
}

/**
 * The response's chunks, as the SDK's `Stream` reads them: `[DONE]` ends the answer (the rest is
 * drained), an `error` in the data or an `error` event is an `APIError`, invalid JSON a
 * `SyntaxError`, and a body cut by the caller's abort simply ends. A read's events are parsed as
 * it arrives and yielded in order, a failing one thrown in its place. Nothing keeps a read's text
 * past its parsing (`feedNext`): a piece sliced from a read keeps all of it alive, and a fast
 * provider's reads are 64 KB each.
 */
async function* chunksOf(
  response: IncomingMessage,
  signal: AbortSignal,
): AsyncGenerator<ChatCompletionChunk> {
  const ready: Array<ChatCompletionChunk | { failed: unknown }> = [];
  let done = false;
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => {
      if (done) return;
      if (message.data.startsWith('[DONE]')) done = true;
      else ready.push(parsed(message, response));
    },
  });
  response.setEncoding('utf8');
  const reads = response[Symbol.asyncIterator]() as AsyncIterator<string>;
  const carried = { unfinished: '' };
  let read = false;
  try {
    while (await feedNext(reads, parser, carried)) {
      for (const chunk of ready.splice(0)) {
        if ('failed' in chunk) throw chunk.failed;
        yield chunk;
      }
    }
    read = true;
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    // As `for await` does: a body left before its end is destroyed; one read to its end keeps its
    // connection for the next request.
    if (!read) await reads.return?.();
  }
}

/**
 * Reads the next piece of the body and gives the parser its whole lines, keeping a copy of the
 * unfinished last line for the next piece; false once the body ended. The piece stays in this
 * function's frame, which ends before the caller yields: a generator's frame keeps every value it
 * held (a `for await` over the body kept each 64 KB read until the next one arrived).
 */
async function feedNext(
  reads: AsyncIterator<string>,
  parser: EventSourceParser,
  carried: { unfinished: string },
): Promise<boolean> {
  const next = await reads.next();
  if (next.done) return false;
  const text = carried.unfinished + next.value;
  const end = text.lastIndexOf('\n') + 1;
  if (end === text.length) {
    parser.feed(text);
    carried.unfinished = '';
  } else {
    parser.feed(text.slice(0, end));
    // A copy: a slice of `text` would keep all of it alive.
    carried.unfinished = Buffer.from(text.slice(end)).toString();
  }
  return true;
}

/** One event's chunk, or the error it stands for (thrown once the chunks before it are out). */
function parsed(
  message: EventSourceMessage,
  response: IncomingMessage,
): ChatCompletionChunk | { failed: unknown } {
  try {
    return chunkOf(message, response);
  } catch (error) {
    return { failed: error };
  }
}

/** One event's chunk; an error it reports, or data that is not JSON, is thrown. */
function chunkOf(message: EventSourceMessage, response: IncomingMessage): ChatCompletionChunk {
  const data = JSON.parse(message.data) as ChatCompletionChunk & { error?: object; message?: string };
  if (message.event === 'error') throw new APIError(undefined, data.error, data.message, undefined);
  if (data?.error) throw new APIError(undefined, data.error, undefined, toHeaders(response.headers));
  return data;
}

function toHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const item of value) result.append(name, item);
    else if (value !== undefined) result.set(name, value);
  }
  return result;
}
