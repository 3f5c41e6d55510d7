import { createServer, type Server as HttpServer } from 'node:http';
import type { Parley } from '@parley/core';
import { attachParley, createParleyRouter } from '@parley/server';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { Server } from 'socket.io';

/** The host application with Parley mounted: its own routes, parsers and handlers stay as they were. */
export interface HostApp {
  app: Express;
  httpServer: HttpServer;
  io: Server;
  close(): Promise<void>;
}

/**
 * An existing Express + Socket.IO app ("Acme Hiring") that mounts Parley's REST API at
 * `/api/parley` and Parley's socket events on the `/parley` namespace of its own Socket.IO server.
 */
export function createApp(parley: Parley, options: { allowedOrigins?: string[] } = {}): HostApp {
  const app = express();
  // The host's own body parser and limit, applied to everything; Parley keeps its own 64 KiB limit.
  app.use(express.json({ limit: '1mb' }));

  app.get('/', (_req, res) => {
    res.type('text').send('Acme Hiring');
  });
  app.post('/api/notes', (req, res) => {
    res.status(201).json({ saved: JSON.stringify(req.body).length });
  });
  app.get('/api/boom', () => {
    throw new Error('host failure');
  });

  const parleyRouter = createParleyRouter(parley, { allowedOrigins: options.allowedOrigins });
  app.use('/api/parley', parleyRouter);

  app.use((_req, res) => {
    res.status(404).type('text').send('Acme: page not found');
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ acmeError: error.message });
  });

  const httpServer = createServer(app);
  const io = new Server(httpServer);
  // The host's own real-time feature on the default namespace, untouched by Parley.
  io.on('connection', (socket) => {
    socket.on('ping', (ack: (answer: string) => void) => ack('pong'));
  });
  const parleySockets = attachParley(io, parley, {
    namespace: '/parley',
    allowedOrigins: options.allowedOrigins,
  });

  return {
    app,
    httpServer,
    io,
    async close() {
      await parleySockets.close();
      await parleyRouter.close();
      const closing = io.close();
      httpServer.closeAllConnections();
      await closing;
    },
  };
}
