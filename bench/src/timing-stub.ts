import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_EMBEDDING_DIMENSIONS, hashedEmbedding } from '@parley/llm-stub';
import { backgroundReply } from './background-reply.js';
import type { Started } from './serve-parent.js';
import type { StubSettings } from './stub-process.js';

/** The wall-clock instant (ms since the epoch, µs precision) comparable across the bench's processes. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Stamps in a streamed text: each delta is `<epoch ms>|`. */
export function readStamps(text: string): number[] {
  return text
    .split('|')
    .filter((part) => part !== '')
    .map(Number);
}

/**
 * An OpenAI-compatible stub whose every streamed delta is the instant it was written (`<epoch ms>|`),
 * so a client can tell how long each delta took from the stub to it; the stream ends with its usage
 * when asked, as a provider's does. Requests without `stream` (session titles, extraction) get a
 * small JSON reply (`backgroundReply`), embeddings hashed vectors. It counts requests per
 * `METHOD /path`, as @parley/llm-stub does.
 */
export async function startTimingStub(settings: StubSettings): Promise<Started> {
  const counts: Record<string, number> = {};
  const server = createServer((request, response) => {
    const key = `${request.method ?? 'GET'} ${(request.url ?? '/').split('?')[0]}`;
    counts[key] = (counts[key] ?? 0) + 1;
    void answer(request, response, settings);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    counts: () => counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, settings: StubSettings) {
  let body = '';
  for await (const part of request) body += String(part);
  const parsed = JSON.parse(body || '{}') as {
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    messages?: Array<{ content?: unknown }>;
    input?: unknown;
  };
  if (request.url?.endsWith('/embeddings')) {
    // The same vectors as @parley/llm-stub's, so the after-turn embedding job works as it would.
    const texts = Array.isArray(parsed.input) ? parsed.input.map(String) : [String(parsed.input ?? '')];
    const data = texts.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: hashedEmbedding(text, DEFAULT_EMBEDDING_DIMENSIONS),
    }));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        object: 'list',
        data,
        model: 'stub-embedding',
        usage: { prompt_tokens: 1, total_tokens: 1 },
      }),
    );
    return;
  }
  const stream = parsed.stream === true;
  const base = { id: 'chatcmpl-bench', created: 0, model: 'stub-model' };
  if (!stream) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: backgroundReply(parsed) },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  if (settings.firstTokenDelayMs > 0) await pause(settings.firstTokenDelayMs);
  for (let index = 0; index < settings.chunks; index += 1) {
    if (index > 0 && settings.chunkDelayMs > 0) await pause(settings.chunkDelayMs);
    if (response.destroyed) return;
    response.write(event({ content: `${epochNow().toFixed(3)}|` }, null));
  }
  // The usage chunk a provider sends when asked (`stream_options.include_usage`, as Parley asks):
  // without it Parley would count the prompt and the answer itself, work a real answer does not cost.
  const usage = parsed.stream_options?.include_usage
    ? `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 100, completion_tokens: settings.chunks, total_tokens: 100 + settings.chunks } })}\n\n`
    : '';
  response.end(`${event({}, 'stop')}${usage}data: [DONE]\n\n`);
}
