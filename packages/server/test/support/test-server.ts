import type { Parley, ParleyConfigInput, ParleyOptions } from '@parley/core';
import type { ManualClock } from '@parley/core/testing';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { createParleyServer, type ParleyServer, type ParleyServerOptions } from '../../src/index.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/index.js';
import { startLlmStub, type ChatRequestBody, type LlmStub, type ReplySpec } from '@parley/llm-stub';
import { createTestParley } from '../../../core/test/support/test-parley.js';

/** A typed client socket as front ends would hold it. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A listening standalone server on a fresh SQLite core, wired to a local LLM stub. */
export interface TestServer {
  url: string;
  /** The `OPS_PORT` server's address, when the config asks for one. */
  opsUrl?: string;
  parley: Parley;
  clock: ManualClock;
  stub: LlmStub;
  server: ParleyServer;
  /** Sets how the stub streams the next answers, or a function of each request (JSON requests excepted). */
  answer(spec: ReplySpec | ChatAnswer): void;
  /** Registers and logs in a user; returns its token and the `Set-Cookie` value. */
  login(email?: string): Promise<{ token: string; cookie: string; userId: string }>;
  /** A connected socket for `token` (waits for `connect`, or rejects with the `connect_error`). */
  socket(token: string, extra?: Parameters<typeof connect>[1]): Promise<ClientSocket>;
  close(): Promise<void>;
}

/** What `startTestServer` may change besides the server and core options. */
export interface TestServerOptions {
  server?: ParleyServerOptions;
  parley?: ParleyOptions;
  /** Typed config over the stub's LLM (and search) settings, section by section. */
  config?: ParleyConfigInput;
  /** Answers JSON-output requests (titles, extraction); default: a title. */
  json?: (request: ChatRequestBody) => string | ReplySpec;
  /** Points search (`TAVILY_*`) at the stub's `/search`. */
  search?: boolean;
}

/** A chat answer computed from the request the stub received (its prompt). */
export type ChatAnswer = (request: ChatRequestBody) => ReplySpec;

const titleReply = () => JSON.stringify({ title: 'A test chat' });

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  let spec: ReplySpec | ChatAnswer = {};
  const json = options.json ?? titleReply;
  const stub = await startLlmStub({
    reply: (req) =>
      req.response_format?.type === 'json_object' ? json(req) : typeof spec === 'function' ? spec(req) : spec,
  });
  const search = options.search ? { apiKey: 'tvly-test-key', baseUrl: new URL(stub.url).origin } : {};
  const { parley, clock, cleanup } = await createTestParley(
    { name: 'sqlite', database: 'sqlite' },
    {
      ...options.parley,
      // A core config of its own (`parley.config`) replaces the stub's settings altogether.
      config: options.parley?.config ?? {
        ...options.config,
        llm: { baseUrl: stub.url, apiKey: 'test-key', ...options.config?.llm },
        search: { ...search, ...options.config?.search },
        // Tests count chunks one by one; chunk-coalescing.test.ts turns coalescing on.
        sockets: { chunkCoalesceMs: 'off', ...options.config?.sockets },
      },
    },
  );
  const server = createParleyServer(parley, { redis: false, ...options.server });
  const { url, opsUrl } = await server.listen(0);
  const sockets: ClientSocket[] = [];
  let users = 0;

  return {
    url,
    opsUrl,
    parley,
    clock,
    stub,
    server,
    answer: (next) => {
      spec = next;
    },
    async login(email = `user${++users}-${Date.now()}@example.com`) {
      const password = 'correct horse battery';
      await request(url).post('/api/v1/auth/register').send({ email, password }).expect(201);
      const res = await request(url).post('/api/v1/auth/login').send({ email, password }).expect(200);
      const cookie = [res.headers['set-cookie']].flat()[0]!.split(';')[0]!;
      return { token: res.body.data.token, cookie, userId: res.body.data.user.id };
    },
    socket(token, extra = {}) {
      const socket: ClientSocket = connect(url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...extra,
      });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await server.close();
      await parley.chat.idle();
      await cleanup();
      await stub.close();
    },
  };
}
