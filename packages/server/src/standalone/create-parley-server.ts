import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Parley } from '@parley/core';
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { Server } from 'socket.io';
import { correlationId } from '../correlation-id.js';
import { toHttpError } from '../errors/to-http-error.js';
import { createParleyRouter } from '../http/create-parley-router.js';
import { createParleyMetrics, type ParleyMetrics } from '../metrics/parley-metrics.js';
import { createRateLimits } from '../rate-limit/rate-limits.js';
import { attachParley } from '../socket/attach-parley.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../socket/socket-protocol.js';
import { mountOperations } from './mount-operations.js';
import type { ParleyServerOptions } from './server-options.js';

/** A standalone Parley server; `listen` starts it, `close` stops everything it started (not the core). */
export interface ParleyServer {
  app: Express;
  httpServer: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  metrics: ParleyMetrics;
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

const SOCKET_PAYLOAD_CAP = 64 * 1024;

/**
 * The whole server in one call: helmet, CORS allow-list, request logs with `X-Request-Id`, the REST
 * API under `/api/v1`, Socket.IO at its default path, `/health/live`, `/health/ready` and `/metrics`.
 *
 * @example
 * const server = createParleyServer(await createParley(), { corsOrigins: ['https://app.example.com'] });
 * const { url } = await server.listen(3000);
 */
export function createParleyServer(parley: Parley, options: ParleyServerOptions = {}): ParleyServer {
  const allowedOrigins = options.corsOrigins ?? [];
  const redis = options.redis === false ? undefined : (options.redis ?? parley.config.redis?.url);
  const limits = createRateLimits({ ...options.rateLimit, redis, logger: parley.logger });
  const metrics = createParleyMetrics(parley);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
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
    }),
  );
  mountOperations(app, parley, metrics);
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
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    maxHttpBufferSize: SOCKET_PAYLOAD_CAP,
    cors: { origin: allowedOrigins, credentials: true },
    ...options.socket,
  });
  const sockets = attachParley(io, parley, {
    resolveUser: options.resolveUser,
    allowedOrigins,
    rateLimits: limits,
    metrics,
  });

  return {
    app,
    httpServer,
    io,
    metrics,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shown}:${address.port}`, port: address.port });
        });
      });
    },
    async close() {
      await sockets.close();
      // io.close() also closes the HTTP server, which waits for idle keep-alive connections unless cut.
      const closing = io.close();
      httpServer.closeAllConnections();
      await closing;
      await limits.close();
      metrics.close();
    },
  };
}
