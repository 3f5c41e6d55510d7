import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Parley } from '@parley/core';
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { Server } from 'socket.io';
import { createOriginPolicy } from '../auth/origin-policy.js';
import { correlationId } from '../correlation-id.js';
import { redactQuery, redactQueryObject } from '../logging/redact-query.js';
import { toHttpError } from '../errors/to-http-error.js';
import { clientIp, compileTrust } from '../http/client-ip.js';
import { createParleyRouter } from '../http/create-parley-router.js';
import { createParleyMetrics, type ParleyMetrics } from '../metrics/parley-metrics.js';
import { createRateLimits } from '../rate-limit/rate-limits.js';
import { attachParley } from '../socket/attach-parley.js';
import { createRedisSocketAdapter } from '../socket/redis-socket-adapter.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../socket/socket-protocol.js';
import { createOpsApp } from './create-ops-app.js';
import { DrainGate } from './drain-gate.js';
import { mountOperations } from './mount-operations.js';
import { releaseHandshakeRequests } from './release-handshake-requests.js';
import type { ParleyServerOptions } from './server-options.js';

/** A standalone Parley server; `listen` starts it, `close` stops everything it started (not the core). */
export interface ParleyServer {
  app: Express;
  httpServer: HttpServer;
  /** Its sockets let go of the handshake's HTTP request once connected: read `socket.handshake`, not `socket.request`. */
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  metrics: ParleyMetrics;
  /**
   * Starts the API (and the `OPS_PORT` server, whose address is `opsUrl`) once the Redis client the
   * rate limiters made has made its first connection attempt (bounded by its timeouts); a client
   * the caller passed is not waited for.
   */
  listen(port?: number, host?: string): Promise<{ url: string; port: number; opsUrl?: string }>;
  /**
   * Graceful stop (SIGTERM, issue 13): new requests, turns and socket connections get `503
   * SHUTTING_DOWN`; running answers may finish for `SHUTDOWN_GRACE_MS`; those still running are then
   * stopped (stored `incomplete`, `assistant_error` `SHUTTING_DOWN` on their SSE responses and
   * sockets); once every open response has ended, everything is closed as by `close`. The caller
   * bounds the whole (`SHUTDOWN_DEADLINE_MS`) and closes the core afterwards.
   */
  shutdown(): Promise<void>;
  close(): Promise<void>;
}

const SOCKET_PAYLOAD_CAP = 64 * 1024;

/**
 * The whole server in one call: helmet, CORS allow-list, request logs with `X-Request-Id`, the REST
 * API under `/api/v1`, Socket.IO at its default path, `/health/live`, `/health/ready` and `/metrics`,
 * and any `staticFiles` directories.
 *
 * @example
 * const server = createParleyServer(await createParley(), { corsOrigins: ['https://app.example.com'] });
 * const { url } = await server.listen(3000);
 */
export function createParleyServer(parley: Parley, options: ParleyServerOptions = {}): ParleyServer {
  const allowedOrigins = options.corsOrigins ?? parley.config.cors.origins;
  // Fails fast on a refused allow-list (`*`) before any limiter, registry or server is opened.
  createOriginPolicy(allowedOrigins);
  const redis = options.redis === false ? undefined : (options.redis ?? parley.config.redis?.url);
  const limits = createRateLimits({
    ...parley.config.rateLimits,
    ...(parley.config.redis ? { keyPrefix: `${parley.config.redis.keyPrefix}rl` } : {}),
    ...options.rateLimit,
    redis,
    logger: parley.logger,
  });
  const metrics = createParleyMetrics(parley);

  const gate = new DrainGate(parley.logger);
  const app = express();
  app.disable('x-powered-by');
  const trustProxy = options.trustProxy ?? parley.config.trustProxy;
  app.set('trust proxy', compileTrust(trustProxy));
  app.use(helmet());
  app.use(
    cors({ origin: allowedOrigins, credentials: true, exposedHeaders: ['X-Request-Id', 'Retry-After'] }),
  );
  app.use(
    pinoHttp({
      logger: parley.logger,
      genReqId: (req, res) => {
        const id = correlationId(req.headers['x-request-id']);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customAttributeKeys: { reqId: 'reqId' },
      serializers: {
        req: (req: { url?: string; query?: unknown }) => ({
          ...req,
          url: req.url === undefined ? undefined : redactQuery(req.url),
          query: redactQueryObject(req.query),
        }),
      },
    }),
  );
  app.use(gate.http);
  const ops = { limits, clientIp, token: parley.config.ops.token };
  mountOperations(app, parley, metrics, { ...ops, detailed: parley.config.ops.port === null });
  app.use(
    options.apiPrefix ?? '/api/v1',
    createParleyRouter(parley, {
      resolveUser: options.resolveUser,
      allowedOrigins,
      bodyLimit: options.bodyLimit,
      rateLimits: limits,
      metrics,
    }),
  );
  for (const [path, dir] of Object.entries(options.staticFiles ?? {})) app.use(path, express.static(dir));
  app.use((req, res) => {
    res
      .status(404)
      .json({ ok: false, error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}.` } });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers } = toHttpError(error, req.log);
    res.status(status).set(headers).json(body);
  });

  const httpServer = createServer(app);
  // Several processes: rooms and socket operations span them through Redis (REDIS_URL).
  const socketAdapter =
    options.socket?.adapter || !parley.config.redis || options.redis === false
      ? undefined
      : createRedisSocketAdapter(parley.config.redis);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    maxHttpBufferSize: SOCKET_PAYLOAD_CAP,
    cors: { origin: allowedOrigins, credentials: true },
    ...(socketAdapter ? { adapter: socketAdapter.adapter } : {}),
    ...options.socket,
  });
  io.use(gate.socket);
  releaseHandshakeRequests(io);
  const opsServer =
    parley.config.ops.port === null ? undefined : createServer(createOpsApp(parley, metrics, ops));
  const sockets = attachParley(io, parley, {
    resolveUser: options.resolveUser,
    trustProxy,
    allowedOrigins,
    rateLimits: limits,
    metrics,
  });

  async function close(): Promise<void> {
    await sockets.close();
    // io.close() also closes the HTTP server, which waits for idle keep-alive connections unless cut.
    const closing = io.close();
    httpServer.closeAllConnections();
    await closing;
    if (opsServer?.listening) {
      const closingOps = new Promise((resolve) => opsServer.close(resolve));
      opsServer.closeAllConnections();
      await closingOps;
    }
    await limits.close();
    await socketAdapter?.close();
    metrics.close();
  }

  return {
    app,
    httpServer,
    io,
    metrics,
    async listen(port = 0, host = '127.0.0.1') {
      await limits.ready?.();
      const main = await listenOn(httpServer, port, host);
      if (!opsServer) return main;
      const opsAddress = await listenOn(opsServer, parley.config.ops.port ?? 0, host);
      return { ...main, opsUrl: opsAddress.url };
    },
    async shutdown() {
      gate.close();
      const { graceMs } = parley.config.shutdown;
      parley.logger.info({ graceMs }, 'shutting down: running answers may finish');
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([parley.chat.drain(), grace]);
      clearTimeout(timer);
      await parley.chat.close();
      await gate.idle();
      await close();
    },
    close,
  };
}

function listenOn(server: HttpServer, port: number, host: string): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve({ url: `http://${shown}:${address.port}`, port: address.port });
    });
  });
}
