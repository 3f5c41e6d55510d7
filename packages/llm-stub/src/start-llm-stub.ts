import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendChatCompletion } from './chat-completion.js';
import { hashedEmbedding } from './hashed-embedding.js';
import { sendSearch, type SearchReply, type SearchRequestBody } from './tavily-search.js';
import {
  resolveReply,
  type ChatRequestBody,
  type RecordedRequest,
  type Reply,
  type ReplySpec,
} from './reply.js';

export interface LlmStubOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** The reply used once the scripted queue is empty (default: the echo answer). */
  reply?: Reply;
  /** Defaults merged under every reply, e.g. a chunk delay for demos. */
  defaults?: Omit<ReplySpec, 'text'>;
  /** Length of the hashed embedding vectors (default `DEFAULT_EMBEDDING_DIMENSIONS`, 64). */
  embeddingDimensions?: number;
  /** How long each embeddings request waits before its answer, as a provider's would (default 0). */
  embeddingDelayMs?: number;
  /** Model ids listed by `/v1/models` (default `stub-model`). */
  models?: string[];
  /**
   * Models that refuse tools like Ollama does: a request to one of them that carries `tools` gets
   * HTTP 400 `<model> does not support tools`, without consuming a scripted reply.
   */
  toolLessModels?: string[];
  /**
   * Which requests `requests` keeps: true (default) the last 1,000, a number that many, false none
   * (long benchmark runs, where recording every body would grow memory without bound).
   */
  record?: boolean | number;
}

const DEFAULT_RECORDED = 1_000;
const recordLimit = (record: boolean | number | undefined): number =>
  typeof record === 'number' ? Math.max(0, Math.floor(record)) : record === false ? 0 : DEFAULT_RECORDED;

/** A running stub: point an OpenAI client at `url`. */
export interface LlmStub {
  /** Base URL ending in `/v1`. */
  url: string;
  port: number;
  /** The latest requests received, oldest first, up to the `record` cap. */
  requests: RecordedRequest[];
  /**
   * How many requests each `METHOD /path` received since start, whatever `record` keeps: what a
   * benchmark reads to count the model calls a server makes per answer.
   */
  counts: Record<string, number>;
  /**
   * Queues replies for the next chat completions, in order; afterwards the default applies again.
   * Requests for JSON output (`response_format`) never take these: background work asking for
   * structured output (titles, extraction) would otherwise race the conversation for them.
   */
  script(next: Reply | Reply[]): void;
  /** Queues replies for the next JSON-output completions (`response_format`), in order. */
  scriptJson(next: Reply | Reply[]): void;
  /**
   * Queues answers for the next `POST /search` calls (Tavily-compatible; point `TAVILY_BASE_URL` at
   * the stub's origin, without `/v1`); afterwards three results made from the query.
   */
  scriptSearch(next: SearchReply | SearchReply[]): void;
  /** Stops listening and drops open (also hanging) connections. */
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Starts an OpenAI-compatible server on loopback (plain node:http) whose chat answers can be scripted
 * per request, including failures, so the LLM adapter, the server and the CLI are tested over real HTTP.
 */
export async function startLlmStub(options: LlmStubOptions = {}): Promise<LlmStub> {
  const queue: Reply[] = [];
  const jsonQueue: Reply[] = [];
  const searchQueue: SearchReply[] = [];
  const requests: RecordedRequest[] = [];
  const counts: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  const dimensions = options.embeddingDimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
  const models = options.models ?? ['stub-model'];
  const recordCap = recordLimit(options.record);
  const toolLess = new Set(options.toolLessModels ?? []);
  let sequence = 0;
  let closing = (): void => undefined;
  const closed = new Promise<void>((resolve) => (closing = resolve));
  const until = (promise: Promise<unknown>) =>
    Promise.race([
      promise.then(
        () => undefined,
        () => undefined,
      ),
      closed,
    ]);

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = await readBody(req);
    const key = `${req.method ?? 'GET'} ${path}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (recordCap > 0) {
      requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body });
      if (requests.length > recordCap) requests.splice(0, requests.length - recordCap);
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'parley-llm-stub' }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (req.method === 'POST' && path === '/v1/embeddings') {
      if (options.embeddingDelayMs) await wait(options.embeddingDelayMs);
      const input = (body as { input?: unknown } | undefined)?.input;
      const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
      const data = texts.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: hashedEmbedding(text, dimensions),
      }));
      const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
      const model = (body as { model?: string } | undefined)?.model ?? 'stub-embedding';
      return sendJson(res, 200, {
        object: 'list',
        data,
        model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const request = (typeof body === 'object' && body !== null ? body : {}) as ChatRequestBody;
      sequence += 1;
      const context = { wait, until, id: `chatcmpl-stub-${sequence}`, sequence };
      if ((request.tools ?? []).length > 0 && toolLess.has(request.model ?? '')) {
        const errorMessage = `${request.model} does not support tools`;
        return sendChatCompletion(res, request, { status: 400, errorMessage }, context);
      }
      const scripted = (request.response_format ? jsonQueue : queue).shift() ?? options.reply;
      const spec = {
        ...options.defaults,
        ...(scripted === undefined ? {} : resolveReply(scripted, request)),
      };
      return sendChatCompletion(res, request, spec, context);
    }
    if (req.method === 'POST' && path === '/search') {
      const request = (typeof body === 'object' && body !== null ? body : {}) as SearchRequestBody;
      const scripted = searchQueue.shift();
      const spec = typeof scripted === 'function' ? scripted(request) : (scripted ?? {});
      sequence += 1;
      return sendSearch(res, request, spec, { wait, id: `search-stub-${sequence}` });
    }
    sendJson(res, 404, { error: { message: `No stub route for ${req.method} ${path}`, type: 'not_found' } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}/v1`,
    port,
    requests,
    counts,
    script: (next) => void queue.push(...(Array.isArray(next) ? next : [next])),
    scriptJson: (next) => void jsonQueue.push(...(Array.isArray(next) ? next : [next])),
    scriptSearch: (next) => void searchQueue.push(...(Array.isArray(next) ? next : [next])),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        closing();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
} /** Length of the stub's hashed embedding vectors unless `embeddingDimensions` says otherwise. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 64;
